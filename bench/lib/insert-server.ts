/**
 * Baseline for the submission benchmark: a bare node:http handler that does what
 * the server action does to the database, with the same driver and no framework.
 * It parses the same multipart body, validates it, hashes the client address and
 * calls lib/intake/store.ts's storeSubmission (the same transaction: advisory
 * lock, rate-limit hit, insert). The database comes from the same environment as
 * the app (PGLITE_DIR, or POSTGRES_URL + POSTGRES_WS_PROXY); PORT from the env.
 */
import http from 'node:http'
import { openPglite } from '../../lib/db/pglite'
import { openPostgres } from '../../lib/db/postgres'
import { env, ipHashSalt, siteUrl } from '../../lib/env'
import { MESSAGES } from '../../lib/submissions/form-state'
import { requestClientAddress } from '../../lib/http/client-address'
import { hashIp } from '../../lib/submissions/ip-hash'
import { storeSubmission } from '../../lib/intake/store'
import { validateSubmission } from '../../lib/submissions/validation'

const { POSTGRES_URL, POSTGRES_WS_PROXY, PGLITE_DIR, RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS } =
  env()
const handle = POSTGRES_URL
  ? await openPostgres(POSTGRES_URL, POSTGRES_WS_PROXY)
  : await openPglite(PGLITE_DIR)
const ownHost = siteUrl().hostname
const salt = ipHashSalt()

async function handle_(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.url === '/health') {
    res.end('ok')
    return
  }
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const form = await new Response(Buffer.concat(chunks), {
    headers: { 'content-type': req.headers['content-type'] ?? '' },
  }).formData()
  const input = Object.fromEntries(form)
  const valid = validateSubmission(input, ownHost)
  if (!valid.ok) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<p role="status">${MESSAGES.invalid}</p>`)
    return
  }
  const headers = { get: (name: string) => (req.headers[name] as string | undefined) ?? null }
  const outcome = await storeSubmission(
    handle.db,
    {
      ...valid.data,
      postSlug: String(input.postSlug ?? ''),
      ipHash: hashIp(requestClientAddress(headers), salt),
    },
    { max: RATE_LIMIT_MAX, windowSeconds: RATE_LIMIT_WINDOW_SECONDS },
  )
  const message =
    outcome.status === 'received'
      ? MESSAGES.received
      : outcome.status === 'duplicate'
        ? MESSAGES.duplicateWaiting
        : MESSAGES.rateLimited(outcome.retryAfterSeconds)
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!DOCTYPE html><p role="status">${message}</p>`)
}

const server = http.createServer((req, res) => {
  handle_(req, res).catch((error: unknown) => {
    console.error('insert-server:', error)
    if (!res.headersSent) res.writeHead(500)
    res.end(MESSAGES.unavailable)
  })
})
server.listen(Number(process.env.PORT), '127.0.0.1')

const stop = () => {
  server.close()
  void handle.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
