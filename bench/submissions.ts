/**
 * Section 4: submission throughput through the real server action, as a browser
 * without JavaScript sends it (multipart POST of the form's hidden inputs plus
 * the fields), against PGlite and against PostgreSQL (TEST_POSTGRES_URL, or
 * else an embedded server started for the section) through the WebSocket proxy. Baseline: bench/lib/insert-server.ts, a bare node:http
 * handler doing the same insert with the same driver, under the same load.
 * Every request has its own story URL and X-Forwarded-For address, so neither
 * de-duplication nor the per-IP rate limit refuses it.
 *   tsx bench/submissions.ts
 */
import path from 'node:path'
import type { Request } from 'autocannon'
import {
  createPostgresDatabase,
  freshMigratedPglite,
  pgliteCount,
  startWsProxyProcess,
  type PostgresDatabase,
} from '../test/support/databases'
import {
  answerMessage,
  hiddenFields,
  MESSAGE_TEXT,
  multipart,
  type ActionForm,
} from '../test/support/form-client'
import { providePostgres } from '../test/support/postgres-server'
import { appEnv } from './lib/env'
import { load, type Load } from './lib/load'
import { TMP } from './lib/paths'
import { fixed, int, mib, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { startMeasured, type RunningServer } from './lib/servers'

const TITLE = '4. Submission throughput'
const FORM_PATH = '/posts/writing-about-failures'
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_REQUESTS = 40
const RECEIVED = MESSAGE_TEXT.received
const INSERT_SERVER = path.join(import.meta.dirname, 'lib', 'insert-server.ts')

/** Request numbers never repeat within a run, so every URL and address is distinct. */
let counter = 0

/**
 * The n-th submission: the form's hidden inputs as the page rendered them, then
 * a distinct story URL and a distinct client address.
 */
function submission(form: ActionForm, n: number) {
  const { body, contentType } = multipart([
    ...form.fields,
    ['url', `https://bench-${n}.example.com/stories/${n}`],
    ['title', `Benchmark story ${n}`],
    ['name', 'Bench Reader'],
    ['note', 'Sent by the submission benchmark.'],
    ['homepage', ''],
  ])
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  return { body, contentType, ip }
}

type Tally = { acked: number; duplicate: number; other: number; non200: number }

type Measured = {
  load: Load
  tally: Tally
  rows: number
  peakRssKiB?: number
  probe: { status: number; document: boolean; visible: boolean; bytes: number }
}

function requests(hidden: ActionForm, origin: string, tally: Tally): Request[] {
  return [
    {
      method: 'POST',
      path: FORM_PATH,
      setupRequest: (request) => {
        const s = submission(hidden, ++counter)
        return {
          ...request,
          headers: {
            'content-type': s.contentType,
            origin,
            'x-forwarded-for': s.ip,
            accept: 'text/html',
          },
          body: s.body,
        }
      },
      onResponse: (status, body, _context, headers) => {
        // The app answers a 303 back to the post with the outcome in a cookie; the
        // bare baseline server answers 200 with the message in the body.
        const message = status === 303 ? answerMessage(headers) : status === 200 ? body : ''
        if (!message) tally.non200++
        else if (message.includes(RECEIVED)) tally.acked++
        else if (message.includes('already received')) tally.duplicate++
        else tally.other++
      },
    },
  ]
}

/**
 * One submission with fetch, to see what a browser without JavaScript is shown:
 * a whole page, with the confirmation in the form's status paragraph?
 */
async function probe(server: RunningServer, hidden: ActionForm, tally: Tally) {
  const s = submission(hidden, ++counter)
  const response = await fetch(`${server.url}${FORM_PATH}`, {
    method: 'POST',
    headers: { 'content-type': s.contentType, origin: server.url, 'x-forwarded-for': s.ip },
    body: new Uint8Array(s.body),
    redirect: 'manual',
  })
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  // Follow the redirect as a browser would, with the answer cookie.
  const page = await fetch(new URL(response.headers.get('location') ?? FORM_PATH, server.url), {
    headers: { cookie, 'x-forwarded-for': s.ip },
  })
  const html = await page.text()
  if (response.status === 303 && html.includes(RECEIVED)) tally.acked++
  else tally.other++
  return {
    status: response.status,
    document: /<html[\s>]/i.test(html),
    visible: /role="status"[^>]*>[^<]*has been received/.test(html),
    bytes: html.length,
  }
}

async function drive(server: RunningServer, hidden: ActionForm) {
  const tally: Tally = { acked: 0, duplicate: 0, other: 0, non200: 0 }
  const probed = await probe(server, hidden, tally)
  const common = { url: server.url, connections: CONNECTIONS }
  // A fixed number of requests, never a duration: a run cut off by time would
  // abandon requests the server may still store, and the counts would disagree.
  const warm = await load({
    ...common,
    amount: WARMUP_REQUESTS,
    requests: requests(hidden, server.url, tally),
  })
  const amount = Math.max(CONNECTIONS * 10, Math.min(20_000, Math.round(warm.rps * SECONDS)))
  log(`${server.name}: warm-up ${fixed(warm.rps)} req/s, measuring ${amount} submissions`)
  const measured = await load({ ...common, amount, requests: requests(hidden, server.url, tally) })
  return { load: measured, tally, probe: probed }
}

/** Starts a server, submits, stops it, counts the rows it left. */
async function measure(
  start: () => Promise<RunningServer>,
  count: () => Promise<number>,
  hiddenFrom: (server: RunningServer) => Promise<ActionForm>,
): Promise<Measured> {
  const server = await start()
  let driven: Awaited<ReturnType<typeof drive>>
  let peakRssKiB: number | undefined
  try {
    driven = await drive(server, await hiddenFrom(server))
  } finally {
    peakRssKiB = (await server.stop()).peakRssKiB
  }
  return { ...driven, peakRssKiB, rows: await count() }
}

function rowsFor(db: string, next: Measured, base: Measured): Row[] {
  const common = {
    section: TITLE,
    baseline: `bare node:http + storeSubmission, ${db}, same load`,
  }
  const t = next.tally
  return [
    {
      ...common,
      measure: `${db}: submissions/s through the server action (no-JS form POST, ${CONNECTIONS} connections)`,
      value: fixed(next.load.rps),
      baselineValue: fixed(base.load.rps),
      ratio: ratio(next.load.rps, base.load.rps),
    },
    {
      ...common,
      measure: `${db}: latency p50`,
      value: ms(next.load.p50),
      baselineValue: ms(base.load.p50),
      ratio: ratio(next.load.p50, base.load.p50),
    },
    {
      ...common,
      measure: `${db}: latency p99`,
      value: ms(next.load.p99),
      baselineValue: ms(base.load.p99),
      ratio: ratio(next.load.p99, base.load.p99),
    },
    {
      ...common,
      measure: `${db}: rows stored / submissions acknowledged`,
      value: `${int(next.rows)} / ${int(t.acked)}`,
      baselineValue: `${int(base.rows)} / ${int(base.tally.acked)}`,
      ratio: ratio(next.rows, t.acked, 3),
      budget: 'equal',
      pass: next.rows === t.acked && t.acked > 0,
    },
    {
      ...common,
      measure: `${db}: answers not acknowledged (non-200, duplicate, other; errors, timeouts)`,
      value: `${t.non200}, ${t.duplicate}, ${t.other}; ${next.load.errors}, ${next.load.timeouts}`,
      baselineValue: `${base.tally.non200}, ${base.tally.duplicate}, ${base.tally.other}; ${base.load.errors}, ${base.load.timeouts}`,
      ratio: '',
    },
    {
      ...common,
      measure: `${db}: server peak RSS (/usr/bin/time -v)`,
      value: mib(next.peakRssKiB),
      baselineValue: mib(base.peakRssKiB),
      ratio: ratio(next.peakRssKiB ?? NaN, base.peakRssKiB ?? NaN),
    },
  ]
}

async function formInputs(server: RunningServer): Promise<ActionForm> {
  const response = await fetch(`${server.url}${FORM_PATH}`)
  if (response.status !== 200) throw new Error(`GET ${FORM_PATH} answered ${response.status}`)
  return { fields: hiddenFields(await response.text()) }
}

/** The baseline needs no form; it reads the same fields, so send the app's. */
const sameFieldsAs = (hidden: ActionForm) => async () => hidden

async function pglite(): Promise<{ next: Measured; base: Measured }> {
  const nextDir = await freshMigratedPglite(path.join(TMP, 'pglite-submit-next'))
  const baseDir = await freshMigratedPglite(path.join(TMP, 'pglite-submit-base'))
  let hidden: ActionForm = { fields: [] }
  const next = await measure(
    () => startMeasured({ name: 'submit-pglite-next', env: appEnv({ pgliteDir: nextDir }) }),
    () => pgliteCount(nextDir),
    async (server) => (hidden = await formInputs(server)),
  )
  const base = await measure(
    () =>
      startMeasured({
        name: 'submit-pglite-base',
        script: INSERT_SERVER,
        env: appEnv({ pgliteDir: baseDir }),
      }),
    () => pgliteCount(baseDir),
    sameFieldsAs(hidden),
  )
  return { next, base }
}

async function postgres(): Promise<{ next: Measured; base: Measured; version: string }> {
  const postgresServer = await providePostgres()
  const serverUrl = postgresServer.url
  // In a process of its own, as Neon's proxy runs beside the app: relaying every
  // message must not take CPU from this process's load generator.
  const proxy = await startWsProxyProcess({ serverUrl })
  const databases: PostgresDatabase[] = []
  try {
    for (const label of ['bench_submit_next', 'bench_submit_base']) {
      databases.push(await createPostgresDatabase(label, { wsProxy: proxy.address, serverUrl }))
    }
    const [nextDb, baseDb] = databases as [PostgresDatabase, PostgresDatabase]
    const version = await nextDb.scalar('show server_version')
    const pgEnv = (db: PostgresDatabase) =>
      appEnv({
        pgliteDir: path.join(TMP, 'pglite-unused'),
        postgresUrl: db.url,
        postgresWsProxy: proxy.address,
      })
    const count = (db: PostgresDatabase) => async () =>
      Number(await db.scalar('select count(*) from submissions'))
    let hidden: ActionForm = { fields: [] }
    const next = await measure(
      () => startMeasured({ name: 'submit-postgres-next', env: pgEnv(nextDb) }),
      count(nextDb),
      async (server) => (hidden = await formInputs(server)),
    )
    const base = await measure(
      () =>
        startMeasured({ name: 'submit-postgres-base', script: INSERT_SERVER, env: pgEnv(baseDb) }),
      count(baseDb),
      sameFieldsAs(hidden),
    )
    return { next, base, version }
  } finally {
    for (const db of databases) await db.drop().catch(() => undefined)
    await proxy.close()
    await postgresServer.stop()
  }
}

export async function submissionsSection(): Promise<SectionResult> {
  const rows: Row[] = []
  const notes: string[] = []
  const results: [string, { next: Measured; base: Measured }][] = []
  results.push(['PGlite', await pglite()])
  const pg = await postgres()
  results.push([`PostgreSQL ${pg.version.split(' ')[0]}`, pg])
  for (const [db, r] of results) rows.push(...rowsFor(db, r.next, r.base))
  const p = results[0]![1].next.probe
  rows.push({
    section: TITLE,
    measure: 'finding: the no-JS answer is a page showing the confirmation',
    value: p.document && p.visible ? 'yes' : 'NO: blank page',
    baseline: '',
    baselineValue: '',
    ratio: '',
  })
  notes.push(
    `Submissions: each POST carries the form's hidden inputs as the page renders them (React's ` +
      `action fields and \`postSlug\`), then url/title/name/note and ` +
      `an empty \`homepage\`, with a distinct URL and X-Forwarded-For each; acknowledged = a 303 whose ` +
      `answer cookie says "${RECEIVED}" (the baseline: HTTP 200 containing it). Each run is ${WARMUP_REQUESTS} warm-up submissions then as many as ` +
      `the warm-up rate allows in about ${SECONDS} s (a fixed count, so none is cut off); rows are ` +
      'counted after the server stopped and include the warm-up and a first probe submission. ' +
      'PostgreSQL (TEST_POSTGRES_URL, or an embedded server the section starts) is reached by both ' +
      'through the WebSocket proxy of lib/db/pg-ws-proxy.ts (@vercel/postgres over WebSocket).',
  )
  if (!(p.document && p.visible)) {
    notes.push(
      `- **Finding (not a budget): the no-JavaScript submission shows a blank page.** The server ` +
        `action stores the row and answers 200, but its ${int(p.bytes)}-byte answer has no \`<html>\` ` +
        'and no form: only `<script>` tags (the message is inside the flight data) and a hidden ' +
        '`<div>`. The static shell of the partially prerendered post is left out of the answer to a ' +
        'native form POST, so a reader without JavaScript sees an empty page. This matches the ' +
        'Next.js bug fixed by vercel/next.js#97784 ("Fix no-JavaScript Server Actions on partial pages").',
    )
  }
  return { title: TITLE, rows, notes }
}

if (isMain(import.meta.url)) await runAlone(TITLE, submissionsSection)
