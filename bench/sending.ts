/**
 * Section 10: what sending Webmentions costs the author. The answer time of an
 * approval (the moderation server action, as the page's JavaScript calls it)
 * with WEBMENTION_SEND on against the same server with it off, two runs each
 * in the order off, on, on, off, each on a fresh database. With sending on,
 * each approval is followed, after its answer, by a real Webmention: the job
 * reads the post's cached public list, discovers the endpoint of a stand-in
 * reader's page on 127.0.0.1 and posts to it. Approvals come at a steady one
 * per second, a brisk author with the keyboard; each send runs after its
 * answer, beside the author's next move. SITE_URL (localhost) is on OUTBOUND_ALLOW: a site no
 * receiver could fetch sends nothing.
 *   tsx bench/sending.ts
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { signInAsAuthor, multipart } from '../test/support/form-client'
import { sleep } from '../test/support/process'
import { actionId } from '../test/support/raw-http'
import { SITE_URL, appEnv } from './lib/env'
import { int, median, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { freshPglite, startMeasured } from './lib/servers'

const TITLE = '10. Sending Webmentions'
const POST = 'writing-about-failures'
const WARM_UP = 5
const APPROVALS = Number(process.env.BENCH_SEND_APPROVALS ?? 40)
/** One approval a second: a brisk author; each send runs in the gap, as after() runs it. */
const GAP_MS = 1_000

type StandIn = { server: http.Server; host: string; received: () => number }

/** A reader's site: every page advertises /webmention, which answers 202 and counts. */
async function startReaderSite(): Promise<StandIn> {
  let received = 0
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/webmention') {
      req.resume()
      req.on('end', () => {
        received++
        res.writeHead(202).end()
      })
      return
    }
    res
      .writeHead(200, { 'content-type': 'text/html', link: '</webmention>; rel="webmention"' })
      .end('<!doctype html><title>A reader’s story</title><p>My story.</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, host, received: () => received }
}

/** Pending links to the stand-in, written before the server opens the folder. */
async function seed(dir: string, reader: string, count: number): Promise<number[]> {
  const { openPglite } = await import('../lib/db/pglite')
  const handle = await openPglite(dir)
  try {
    const ids: number[] = []
    for (let i = 0; i < count; i++) {
      const url = `http://${reader}/story-${i}`
      const result = await handle.db.execute(sql`
        insert into submissions (post_slug, url, normalized_url, title, ip_hash)
        values (${POST}, ${url}, ${url}, ${`Story ${i}`}, 'bench') returning id`)
      ids.push(Number((result as unknown as { rows: { id: number }[] }).rows[0]!.id))
    }
    return ids
  } finally {
    await handle.close()
  }
}

/** How many Webmentions were sent, and every attempt's outcome with its count. */
async function sendLog(dir: string): Promise<{ sent: number; outcomes: string }> {
  const { openPglite } = await import('../lib/db/pglite')
  const handle = await openPglite(dir)
  try {
    const result = await handle.db.execute(sql`
      select outcome, coalesce(detail, '') as detail, count(*)::int as n
      from webmention_sends group by 1, 2 order by 3 desc`)
    const rows = (result as unknown as { rows: { outcome: string; detail: string; n: number }[] })
      .rows
    return {
      sent: rows.filter((r) => r.outcome === 'sent').reduce((n, r) => n + r.n, 0),
      outcomes:
        rows.map((r) => `${r.n} ${r.outcome}${r.detail ? ` (${r.detail})` : ''}`).join(', ') ||
        'none',
    }
  } finally {
    await handle.close()
  }
}

/** One approval through the moderation action, timed to the last byte of its answer. */
async function approve(base: string, cookie: string, action: string, id: number): Promise<number> {
  const { body, contentType } = multipart([
    ['_1_intent', 'approve'],
    ['_1_ids', String(id)],
    ['0', `[${JSON.stringify({ message: '', error: false })},"$K1"]`],
  ])
  const started = performance.now()
  const response = await fetch(`${base}/admin`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'next-action': action,
      accept: 'text/x-component',
      origin: base,
      cookie,
    },
    body: new Uint8Array(body),
  })
  const text = await response.text()
  const elapsed = performance.now() - started
  if (response.status !== 200 || !text.includes('Approved: 1 submission')) {
    throw new Error(`approving ${id}: HTTP ${response.status} ${text.slice(0, 200)}`)
  }
  return elapsed
}

async function run(sending: boolean, reader: StandIn, n: number) {
  const label = sending ? 'on' : 'off'
  const dir = await freshPglite(`pglite-sending-${label}-${n}`)
  const ids = await seed(dir, reader.host, WARM_UP + APPROVALS)
  const before = reader.received()
  const server = await startMeasured({
    name: `sending-${label}`,
    env: appEnv({
      pgliteDir: dir,
      extra: {
        WEBMENTION_SEND: String(sending),
        // The site counts as reachable (else nothing is sent), and the reader's site.
        OUTBOUND_ALLOW: `${new URL(SITE_URL).host},${reader.host}`,
        LINK_CHECKS: 'false',
      },
    }),
  })
  const times: number[] = []
  try {
    const base = server.url
    const cookie = await signInAsAuthor(base)
    const action = actionId('moderateAction')
    for (const [i, id] of ids.entries()) {
      const started = performance.now()
      const elapsed = await approve(base, cookie, action, id)
      if (i >= WARM_UP) times.push(elapsed)
      await sleep(Math.max(0, GAP_MS - (performance.now() - started)))
    }
    // Let the last sends finish before the server stops.
    const deadline = Date.now() + 30_000
    while (sending && reader.received() - before < ids.length && Date.now() < deadline) {
      await sleep(100)
    }
  } finally {
    await server.stop()
  }
  return {
    times,
    received: reader.received() - before,
    ...(await sendLog(dir)),
    approvals: ids.length,
  }
}

type Run = Awaited<ReturnType<typeof run>>

export async function sendingSection(): Promise<SectionResult> {
  const reader = await startReaderSite()
  try {
    const runs: Run[] = []
    for (const [n, sending] of [false, true, true, false].entries()) {
      log(`approval answer time, sending ${sending ? 'on' : 'off'}`)
      runs.push(await run(sending, reader, n))
    }
    const times = (a: Run, b: Run) => [...a.times, ...b.times]
    const off = times(runs[0]!, runs[3]!)
    const on = times(runs[1]!, runs[2]!)
    const p = (values: number[], q: number) =>
      [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!
    const sentOn = runs[1]!.sent + runs[2]!.sent
    const approvalsOn = runs[1]!.approvals + runs[2]!.approvals
    const baseline = 'same server, WEBMENTION_SEND=false, same approvals'
    const rows: Row[] = [
      {
        section: TITLE,
        measure: `approval answer time p50, sending on (moderation action, ${1000 / GAP_MS}/s; ${APPROVALS} approvals × 2 runs each, off·on·on·off)`,
        value: ms(median(on)),
        baseline,
        baselineValue: ms(median(off)),
        ratio: ratio(median(on), median(off)),
        budget: '≤ 1.1',
        pass: median(on) <= median(off) * 1.1,
      },
      {
        section: TITLE,
        measure: 'approval answer time p90, sending on',
        value: ms(p(on, 0.9)),
        baseline,
        baselineValue: ms(p(off, 0.9)),
        ratio: ratio(p(on, 0.9), p(off, 0.9)),
      },
      {
        section: TITLE,
        measure: 'Webmentions sent (logged "sent") / approvals, sending on',
        value: `${int(sentOn)} / ${int(approvalsOn)}`,
        baseline: 'sending off: sent / approvals',
        baselineValue: `${int(runs[0]!.sent + runs[3]!.sent)} / ${int(runs[0]!.approvals + runs[3]!.approvals)}`,
        ratio: '',
        budget: 'every approval sent; none when off',
        pass: sentOn === approvalsOn && runs[0]!.received + runs[3]!.received === 0,
      },
    ]
    return {
      title: TITLE,
      rows,
      notes: [
        `Each approval is the moderation server action posted as the page's JavaScript posts it ` +
          `(signed in, Next-Action header), timed from request to the last byte of its answer; ` +
          `the first ${WARM_UP} of each run are not counted. With sending on, the job after each ` +
          `answer reads the post's cached public list, then discovers and posts to a stand-in ` +
          `endpoint on 127.0.0.1. Attempts, sending on: ${runs[1]!.outcomes}; then ${runs[2]!.outcomes}.`,
      ],
    }
  } finally {
    reader.server.closeAllConnections()
    await new Promise((r) => reader.server.close(r))
  }
}

if (isMain(import.meta.url)) await runAlone(TITLE, sendingSection)
