/**
 * Section 7: what link checks cost the reader, and how fast Webmentions are taken in.
 * - The reader's answer time (no-JS form POST) with link checks on against the
 *   same server with LINK_CHECKS=false. Each check fetches a stand-in page on
 *   127.0.0.1 (OUTBOUND_ALLOW) after the answer is sent, as after() does in
 *   production. The load is a steady 10 submissions/s on 2 connections: a
 *   reader's answer, not saturation throughput (section 4 measures that).
 * - Webmentions received per second: POST /webmention with distinct sources,
 *   10 connections, counting 201 answers; then how many were verified.
 * Its ports are 4350–4359 (this section's engineer's range; the rest of the
 * suite uses 3300–3399).
 *   tsx bench/link-checks.ts
 */
import http from 'node:http'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { Request } from 'autocannon'
import { sql } from 'drizzle-orm'
import { SITE_URL, appEnv } from './lib/env'
import { ACTION_FIELDS, answerMessage, hiddenInputs, multipart, RECEIVED } from './lib/form'
import { load, type Load } from './lib/load'
import { TMP } from './lib/paths'
import { fixed, int, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { startNext, type RunningServer } from './lib/server'

const TITLE = '7. Link checks and Webmention'
const FORM_PATH = '/posts/writing-about-failures'
const TARGET = `${SITE_URL}${FORM_PATH}`
const PORTS = { checksOn: 4350, checksOff: 4351, standIn: 4352, webmention: 4353 }
const STAND_IN = `http://127.0.0.1:${PORTS.standIn}`
const SUBMISSIONS = Number(process.env.BENCH_LINK_SUBMISSIONS ?? 150)
const WEBMENTIONS = Number(process.env.BENCH_WEBMENTIONS ?? 300)

let counter = 0

/** Every path answers a small page that links back to the post, as a reader's story would. */
function startStandIn(): Promise<http.Server> {
  const page = `<!doctype html><html><head><title>A reader's story</title>
    <meta name="description" content="Benchmark stand-in page."></head>
    <body><article class="h-entry"><h1 class="p-name">A reader's story</h1>
    <p class="e-content">About <a href="${TARGET}">this post</a>.</p></article></body></html>`
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
  })
  return new Promise((resolve) => server.listen(PORTS.standIn, '127.0.0.1', () => resolve(server)))
}

function env(dir: string, checks: boolean) {
  return appEnv({
    pgliteDir: dir,
    extra: {
      LINK_CHECKS: String(checks),
      OUTBOUND_ALLOW: `127.0.0.1:${PORTS.standIn}`,
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
): Promise<{ load: Load; acked: number; dir: string }> {
  const response = await fetch(`${server.url}${FORM_PATH}`)
  const hidden = hiddenInputs(await response.text())
  let acked = 0
  const requests: Request[] = [
    {
      method: 'POST',
      path: FORM_PATH,
      setupRequest: (request) => {
        const n = ++counter
        const { body, contentType } = multipart([
          ...ACTION_FIELDS.map((f): [string, string] => [f, hidden[f] ?? '']),
          ['url', `${STAND_IN}/story-${n}`],
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
        if (status === 303 && answerMessage(headers).includes(RECEIVED)) acked++
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

async function answerTime(checks: boolean) {
  const dir = path.join(TMP, `pglite-links-${checks ? 'on' : 'off'}`)
  await rm(dir, { recursive: true, force: true })
  const server = await startNext({
    name: `links-${checks ? 'on' : 'off'}`,
    port: checks ? PORTS.checksOn : PORTS.checksOff,
    env: env(dir, checks),
  })
  let result: Awaited<ReturnType<typeof submitLoad>>
  try {
    result = await submitLoad(server)
    // Let the last checks finish before the server stops.
    await new Promise((r) => setTimeout(r, 3_000))
  } finally {
    await server.stop()
  }
  const checked = await countRows(dir, 'select count(*)::int as n from link_checks')
  return { ...result, checked }
}

async function webmentions() {
  const dir = path.join(TMP, 'pglite-webmention')
  await rm(dir, { recursive: true, force: true })
  const server = await startNext({
    name: 'webmention',
    port: PORTS.webmention,
    env: env(dir, true),
  })
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
            source: `${STAND_IN}/mention-${++counter}`,
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
    await new Promise((r) => setTimeout(r, 5_000))
  } finally {
    await server.stop()
  }
  const accepted = await countRows(
    dir,
    `select count(*)::int as n from webmentions where status = 'accepted'`,
  )
  return { load: measured, created, accepted }
}

export async function linkChecksSection(): Promise<SectionResult> {
  const standIn = await startStandIn()
  try {
    log('reader answer time, link checks off')
    const off = await answerTime(false)
    log('reader answer time, link checks on')
    const on = await answerTime(true)
    log('webmentions')
    const wm = await webmentions()
    const section = TITLE
    const baseline = 'same server, LINK_CHECKS=false, same load'
    const rows: Row[] = [
      {
        section,
        measure: 'reader answer time p50, link checks on (no-JS form POST, 10/s)',
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
        `Link checks fetch a stand-in page on ${STAND_IN} (OUTBOUND_ALLOW, OUTBOUND_ALLOW_ONLY); ` +
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
