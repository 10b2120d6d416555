/**
 * Section 10: what sending Webmentions costs the author. The answer time of an
 * approval (the moderation server action, as the page's JavaScript calls it)
 * on a server with WEBMENTION_SEND on against a second one with it off, both
 * running at once, on fresh databases, approvals taking turns. With sending on,
 * each approval is followed, after its answer, by a real Webmention: the job
 * reads the post's cached public list, discovers the endpoint of a stand-in
 * reader's page on 127.0.0.1 and posts to it. Each server gets one approval a
 * second, a brisk author with the keyboard; each send runs after its answer,
 * beside the author's next move. SITE_URL (localhost) is on OUTBOUND_ALLOW: a site no
 * receiver could fetch sends nothing.
 *   tsx bench/sending.ts
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { doneMessage } from '../lib/moderation/messages'
import { signInAsAuthor, multipart } from '../test/support/form-client'
import { sleep } from '../test/support/process'
import { actionId } from '../test/support/raw-http'
import { SITE_URL, appEnv } from './lib/env'
import { int, median, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { freshPglite, startMeasured, type RunningServer } from './lib/servers'

const TITLE = '10. Sending Webmentions'
const POST = 'writing-about-failures'
const WARM_UP = 5
const APPROVALS = Number(process.env.BENCH_SEND_APPROVALS ?? 60)
const CRON_SECRET = 'bench-only-cron-secret'
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
  if (response.status !== 200 || !text.includes(doneMessage('approve', 1))) {
    throw new Error(`approving ${id}: HTTP ${response.status} ${text.slice(0, 200)}`)
  }
  return elapsed
}

type Site = {
  label: 'on' | 'off'
  dir: string
  ids: number[]
  server: RunningServer
  cookie: string
  times: number[]
}

async function startSite(label: Site['label'], reader: StandIn): Promise<Site> {
  const dir = await freshPglite(`pglite-sending-${label}`)
  const ids = await seed(dir, reader.host, WARM_UP + APPROVALS)
  const server = await startMeasured({
    name: `sending-${label}`,
    env: appEnv({
      pgliteDir: dir,
      extra: {
        WEBMENTION_SEND: String(label === 'on'),
        // The site counts as reachable (else nothing is sent), and the reader's site.
        OUTBOUND_ALLOW: `${new URL(SITE_URL).host},${reader.host}`,
        LINK_CHECKS: 'false',
        CRON_SECRET,
      },
    }),
  })
  return { label, dir, ids, server, cookie: await signInAsAuthor(server.url), times: [] }
}

export async function sendingSection(): Promise<SectionResult> {
  const reader = await startReaderSite()
  const sites: Site[] = []
  try {
    try {
      // Both servers run at once and take turns (off first on even rounds, on first on odd
      // ones), so a machine that gets busier or quieter weighs on both alike.
      log('approval answer time, sending on and off, interleaved')
      sites.push(await startSite('off', reader), await startSite('on', reader))
      const [off, on] = sites as [Site, Site]
      const action = actionId('moderateAction')
      for (let i = 0; i < WARM_UP + APPROVALS; i++) {
        for (const site of i % 2 ? [on, off] : [off, on]) {
          const started = performance.now()
          const elapsed = await approve(site.server.url, site.cookie, action, site.ids[i]!)
          if (i >= WARM_UP) site.times.push(elapsed)
          await sleep(Math.max(0, GAP_MS / 2 - (performance.now() - started)))
        }
      }
      // Let the last sends finish before the servers stop. A send retried after its backoff
      // needs a drain: the scheduler's call does one, as Vercel Cron would.
      const deadline = Date.now() + 60_000
      for (let n = 1; reader.received() < on.ids.length && Date.now() < deadline; n++) {
        await sleep(100)
        if (n % 50 === 0) {
          await fetch(`${on.server.url}/api/cron`, {
            headers: { authorization: `Bearer ${CRON_SECRET}` },
          }).then((r) => r.arrayBuffer())
        }
      }
    } finally {
      for (const site of sites) await site.server.stop()
    }
    const [off, on] = sites as [Site, Site]
    const logs = { off: await sendLog(off.dir), on: await sendLog(on.dir) }
    const p = (values: number[], q: number) =>
      [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!
    const baseline = 'a second server, WEBMENTION_SEND=false, approvals interleaved'
    const rows: Row[] = [
      {
        section: TITLE,
        measure: `approval answer time p50, sending on (moderation action, ${1000 / GAP_MS}/s on each server; ${APPROVALS} approvals each)`,
        value: ms(median(on.times)),
        baseline,
        baselineValue: ms(median(off.times)),
        ratio: ratio(median(on.times), median(off.times)),
        budget: '≤ 1.1',
        pass: median(on.times) <= median(off.times) * 1.1,
      },
      {
        section: TITLE,
        measure: 'approval answer time p90, sending on',
        value: ms(p(on.times, 0.9)),
        baseline,
        baselineValue: ms(p(off.times, 0.9)),
        ratio: ratio(p(on.times, 0.9), p(off.times, 0.9)),
      },
      {
        section: TITLE,
        measure: 'Webmentions sent (logged "sent") / approvals, sending on',
        value: `${int(logs.on.sent)} / ${int(on.ids.length)}`,
        baseline: 'sending off: sent / approvals',
        baselineValue: `${int(logs.off.sent)} / ${int(off.ids.length)}`,
        ratio: '',
        budget: 'every approval sent; none when off',
        pass:
          logs.on.sent === on.ids.length &&
          reader.received() === on.ids.length &&
          logs.off.outcomes === 'none',
      },
    ]
    return {
      title: TITLE,
      rows,
      notes: [
        `Each approval is the moderation server action posted as the page's JavaScript posts it ` +
          `(signed in, Next-Action header), timed from request to the last byte of its answer; ` +
          `the first ${WARM_UP} on each server are not counted. With sending on, the job after each ` +
          `answer reads the post's cached public list, then discovers and posts to a stand-in ` +
          `endpoint on 127.0.0.1. Attempts, sending on: ${logs.on.outcomes}.`,
      ],
    }
  } finally {
    reader.server.closeAllConnections()
    await new Promise((r) => reader.server.close(r))
  }
}

if (isMain(import.meta.url)) await runAlone(TITLE, sendingSection)
