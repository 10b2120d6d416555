import { drainAfterResponse } from '@/app/_lib/run-jobs'
import { prepareServerWork } from '@/app/_lib/server-work'
import { getDatabase } from '@/lib/db'
import { env, ipHashSalt } from '@/lib/env'
import { getPost } from '@/lib/posts'
import { requestClientAddress } from '@/lib/http/client-address'
import { hashIp } from '@/lib/submissions/ip-hash'
import { receiveWebmention } from '@/lib/webmention/receive'
import { checkWebmentionRequest } from '@/lib/webmention/request'

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(`${body}\n`, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  })

/**
 * The Webmention endpoint (W3C Webmention, 3.2). What the request alone shows
 * is checked here (400 with the reason); the source is fetched after the
 * answer, through the outbox. The answer is 201 Created with a Location: the
 * status page of this mention (the Recommendation asks for 201 when a status
 * page exists; 202 is for receivers without one).
 */
export async function POST(request: Request): Promise<Response> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return text(400, 'Send source and target form-encoded (application/x-www-form-urlencoded).')
  }
  const form = new URLSearchParams(await request.text())
  const { SITE_URL, RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS } = env()
  const check = await checkWebmentionRequest(
    { source: form.get('source') ?? undefined, target: form.get('target') ?? undefined },
    {
      siteUrl: SITE_URL,
      acceptsLinks: async (slug) => (await getPost(slug))?.readerLinks === true,
    },
  )
  if (!check.ok) return text(400, check.reason)
  prepareServerWork()
  try {
    const { db } = await getDatabase()
    const outcome = await receiveWebmention(
      db,
      { ...check.request, ipHash: hashIp(requestClientAddress(request.headers), ipHashSalt()) },
      { max: RATE_LIMIT_MAX, windowSeconds: RATE_LIMIT_WINDOW_SECONDS },
    )
    if (outcome.status === 'rate-limited') {
      return text(429, 'Too many Webmentions from this source domain; try again later.', {
        'retry-after': String(outcome.retryAfterSeconds),
      })
    }
    drainAfterResponse()
    const status = new URL(`/webmention/status/${outcome.token}`, SITE_URL).href
    return text(201, `Accepted: the source will be checked. Status: ${status}`, {
      location: status,
    })
  } catch (error) {
    console.error('webmention: could not queue a mention:', error)
    return text(503, 'The Webmention could not be stored; try again later.', {
      'retry-after': '60',
    })
  }
}
