/**
 * Section 8: what link checks cost the reader, and how fast Webmentions are taken in.
 * - The reader's answer time (no-JS form POST) with link checks on against the
 *   same server with LINK_CHECKS=false, two runs each in the order off, on, on,
 *   off (each on a fresh database). Each check fetches a stand-in page on
 *   127.0.0.1 (OUTBOUND_ALLOW) after the answer is sent, as after() does in
 *   production. The load is a steady 10 submissions/s on 2 connections: a
 *   reader's answer, not saturation throughput (section 4 measures that).
 * - Webmentions received per second: POST /webmention with distinct sources,
 *   10 connections, counting 201 answers; then how many were verified.
 * Every server, the stand-in included, takes a free port.
 *   tsx bench/link-checks.ts
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Request } from 'autocannon'
import { sql } from 'drizzle-orm'
import { answerMessage, loadActionForm, MESSAGE_TEXT, multipart } from '../test/support/form-client'
import { sleep } from '../test/support/process'
import { SITE_URL, appEnv } from './lib/env'
import { load, type Load } from './lib/load'
import { fixed, int, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { freshPglite, startMeasured, type RunningServer } from './lib/servers'

const TITLE = '8. Link checks and Webmention'
const FORM_PATH = '/posts/writing-about-failures'
const TARGET = `${SITE_URL}${FORM_PATH}`
const SUBMISSIONS = Number(process.env.BENCH_LINK_SUBMISSIONS ?? 150)
const WEBMENTIONS = Number(process.env.BENCH_WEBMENTIONS ?? 300)

let counter = 0

/**
 * Every path answers a small page that links back to the post, as a reader's
 * story would. It listens on a free loopback port: read it from its address.
 */
function startStandIn(): Promise<http.Server> {
  const page = `<!doctype html><html><head><title>A reader's story</title>
    <meta name="description" content="Benchmark stand-in page."></head>
    <body><article class="h-entry"><h1 class="p-name">A reader's story</h1>
    <p class="e-content">About <a href="${TARGET}">this post</a>.</p></article></body></html>`
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** host:port of the stand-in, which the servers are allowed to fetch from. */
const hostOf = (standIn: http.Server) => `127.0.0.1:${(standIn.address() as AddressInfo).port}`

function env(dir: string, checks: boolean, standIn: string) {
  return appEnv({
    pgliteDir: dir,
    extra: {
      LINK_CHECKS: String(checks),
      OUTBOUND_ALLOW: standIn,
      OUTBOUND_ALLOW_ONLY: 'true',
      RATE_LIMIT_MAX: '10000',
    },
  })
}

async function countRows(dir: string, query: string): Promise<number> {
  const { openPglite } = await import('../lib/db/pglite')
  const handle = await openPglite(dir)
  try {
    const result = await handle.db.execute(sql.raw(query))
    return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n)
  } finally {
    await handle.close()
  }
}

async function submitLoad(
  server: RunningServer,
  standIn: string,
): Promise<{ load: Load; acked: number; dir: string }> {
  const form = await loadActionForm(server.url, FORM_PATH)
  let acked = 0
  const requests: Request[] = [
    {
      method: 'POST',
      path: FORM_PATH,
      setupRequest: (request) => {
        const n = ++counter
        const { body, contentType } = multipart([
          ...form.fields,
          ['url', `http://${standIn}/story-${n}`],
          ['title', ''],
          ['name', 'Bench Reader'],
          ['note', ''],
          ['homepage', ''],
        ])
        return {
          ...request,
          headers: {
            'content-type': contentType,
            origin: server.url,
            'x-forwarded-for': `10.9.${(n >> 8) & 255}.${n & 255}`,
          },
          body,
        }
      },
      onResponse: (status, _body, _context, headers) => {
        if (status === 303 && answerMessage(headers).includes(MESSAGE_TEXT.received)) acked++
      },
    },
  ]
  // Warm-up, then a steady rate the server can answer while its checks run.
  await load({ url: server.url, connections: 2, amount: 20, overallRate: 10, requests })
  acked = 0
  const measured = await load({
    url: server.url,
    connections: 2,
    amount: SUBMISSIONS,
    overallRate: 10,
    requests,
  })
  return { load: measured, acked, dir: '' }
}

async function answerTime(checks: boolean, standIn: string) {
  const dir = await freshPglite(`pglite-links-${checks ? 'on' : 'off'}`)
  const server = await startMeasured({
    name: `links-${checks ? 'on' : 'off'}`,
    env: env(dir, checks, standIn),
  })
  let result: Awaited<ReturnType<typeof submitLoad>>
  try {
    result = await submitLoad(server, standIn)
    // Let the last checks finish before the server stops.
    await sleep(3_000)
  } finally {
    await server.stop()
  }
  const checked = await countRows(dir, 'select count(*)::int as n from link_checks')
  return { ...result, checked }
}

async function webmentions(standIn: string) {
  const dir = await freshPglite('pglite-webmention')
  const server = await startMeasured({ name: 'webmention', env: env(dir, true, standIn) })
  let created = 0
  let measured: Load
  try {
    const requests: Request[] = [
      {
        method: 'POST',
        path: '/webmention',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            source: `http://${standIn}/mention-${++counter}`,
            target: TARGET,
          }).toString(),
        }),
        onResponse: (status) => {
          if (status === 201) created++
        },
      },
    ]
    measured = await load({ url: server.url, connections: 10, amount: WEBMENTIONS, requests })
    // Verification runs after each answer; give the queue a moment to empty.
    await sleep(5_000)
  } finally {
    await server.stop()
  }
  const accepted = await countRows(
    dir,
    `select count(*)::int as n from webmentions where status = 'accepted'`,
  )
  return { load: measured, created, accepted }
}

type AnswerTime = Awaited<ReturnType<typeof answerTime>>

/** Two runs of one configuration: mean latencies, summed counts. */
function pair(a: AnswerTime, b: AnswerTime) {
  return {
    load: { p50: (a.load.p50 + b.load.p50) / 2, p99: (a.load.p99 + b.load.p99) / 2 },
    acked: a.acked + b.acked,
    checked: a.checked + b.checked,
  }
}

export async function linkChecksSection(): Promise<SectionResult> {
  const standIn = await startStandIn()
  const standInHost = hostOf(standIn)
  try {
    // Off, on, on, off: a machine that gets busier (or quieter) during the
    // section shifts both configurations alike instead of favouring the first.
    const runs: AnswerTime[] = []
    for (const checks of [false, true, true, false]) {
      log(`reader answer time, link checks ${checks ? 'on' : 'off'}`)
      runs.push(await answerTime(checks, standInHost))
    }
    const off = pair(runs[0]!, runs[3]!)
    const on = pair(runs[1]!, runs[2]!)
    log('webmentions')
    const wm = await webmentions(standInHost)
    const section = TITLE
    const baseline = 'same server, LINK_CHECKS=false, same load'
    const rows: Row[] = [
      {
        section,
        measure:
          'reader answer time p50, link checks on (no-JS form POST, 10/s; mean of 2 runs each, off·on·on·off)',
        value: ms(on.load.p50),
        baseline,
        baselineValue: ms(off.load.p50),
        ratio: ratio(on.load.p50, off.load.p50),
        budget: '≤ 1.1',
        pass: on.load.p50 <= off.load.p50 * 1.1,
      },
      {
        section,
        measure: 'reader answer time p99, link checks on',
        value: ms(on.load.p99),
        baseline,
        baselineValue: ms(off.load.p99),
        ratio: ratio(on.load.p99, off.load.p99),
      },
      {
        section,
        measure: 'submissions acknowledged / links checked',
        value: `${int(on.acked)} / ${int(on.checked)}`,
        baseline,
        baselineValue: `${int(off.acked)} / ${int(off.checked)}`,
        ratio: '',
      },
      {
        section,
        measure: 'Webmentions received per second (POST /webmention, 10 connections)',
        value: fixed(wm.load.rps),
        baseline: '',
        baselineValue: '',
        ratio: '',
      },
      {
        section,
        measure: 'Webmentions answered 201 / verified (accepted) afterwards',
        value: `${int(wm.created)} / ${int(wm.accepted)}`,
        baseline: '',
        baselineValue: '',
        ratio: '',
        budget: 'all 201',
        pass: wm.created === WEBMENTIONS,
      },
    ]
    return {
      title: TITLE,
      rows,
      notes: [
        `Link checks fetch a stand-in page on 127.0.0.1 (OUTBOUND_ALLOW, OUTBOUND_ALLOW_ONLY); ` +
          `the checked count includes the warm-up. Verification of Webmentions runs after each ` +
          `answer in the same server, so "verified" can trail "201" when the run ends.`,
      ],
    }
  } finally {
    standIn.closeAllConnections()
    await new Promise((r) => standIn.close(r))
  }
}

if (isMain(import.meta.url)) await runAlone(TITLE, linkChecksSection)
