/**
 * Section 6: the moderation queue at scale. Seeds 100,000 pending submissions
 * (scripts/seed-submissions.ts) into a fresh PGlite folder before the server
 * takes it, signs in as the author, and times complete responses of /admin:
 * the first page, the page reached by following "Next page →" 20 times, and the
 * last page (a cursor built from the database), interleaved, median of several.
 *   tsx bench/moderation.ts
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { signInAsAuthor } from '../test/support/form-client'
import { runOk } from '../test/support/process'
import { appEnv, baseEnv } from './lib/env'
import { TMP } from './lib/paths'
import { fixed, int, median, mib, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { startMeasured } from './lib/servers'

const TITLE = '6. Moderation at scale'
const SEED = Number(process.env.BENCH_SEED ?? 100_000)
const PAGE_SIZE = 50
const FOLLOW = 20
const ROUNDS = Number(process.env.BENCH_ADMIN_ROUNDS ?? 11)

async function lastPageCursor(dir: string): Promise<string> {
  const [{ openPglite }, { encodeCursor }] = await Promise.all([
    import('../lib/db/pglite'),
    import('../lib/moderation/queue'),
  ])
  const handle = await openPglite(dir)
  try {
    // The row just before the last PAGE_SIZE rows, in the queue's order.
    const result = await handle.db.execute(sql`
      select status::text as status, created_at::text as created_at, id
      from submissions order by status, created_at, id
      offset ${SEED - PAGE_SIZE - 1} limit 1`)
    const row = (
      result as unknown as { rows: { status: string; created_at: string; id: number }[] }
    ).rows[0]
    if (!row) throw new Error('no rows seeded')
    return encodeCursor({
      status: row.status as 'pending',
      createdAt: row.created_at,
      id: row.id,
    })
  } finally {
    await handle.close()
  }
}

type Page = { html: string; ms: number; status: number }

async function get(url: string, cookie: string): Promise<Page> {
  const started = performance.now()
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' })
  const html = await response.text()
  return { html, ms: performance.now() - started, status: response.status }
}

/**
 * Submissions rendered as HTML list items: an `<li>` whose attributes include
 * `class="submission"`, wherever React puts it among them (the card renders `id`
 * first). React escapes `>` in attribute values, so `[^>]*` stays inside the tag.
 * The flight data repeats the rows as JSON, not as tags, so each counts once.
 */
const shown = (html: string) => (html.match(/<li\b[^>]*\sclass="submission"[\s>]/g) ?? []).length

function nextHref(html: string): string | undefined {
  const href = /<a href="(\/admin\?[^"]*)"[^>]*>Next page →<\/a>/.exec(html)?.[1]
  return href?.replace(/&amp;/g, '&')
}

export async function moderationSection(): Promise<SectionResult> {
  const dir = path.join(TMP, 'pglite-moderation')
  await rm(dir, { recursive: true, force: true })
  log(`seeding ${int(SEED)} submissions into ${path.relative(process.cwd(), dir)}`)
  const seeded = await runOk('npm', ['run', 'seed', '--', String(SEED), 'seeded-load', 'pending'], {
    env: baseEnv({ PGLITE_DIR: dir }),
    log: path.join(TMP, 'seed.log'),
  })
  const lastCursor = await lastPageCursor(dir)

  const server = await startMeasured({
    name: 'moderation-next',
    env: appEnv({ pgliteDir: dir }),
  })
  // rows: the fewest rows the page showed in any pass (a page must never come back empty).
  const pages: { name: string; url: string; times: number[]; rows: number }[] = []
  let peakRssKiB: number | undefined
  try {
    const cookie = await signInAsAuthor(server.url)
    const first = await get(`${server.url}/admin`, cookie)
    if (first.status !== 200 || !first.html.includes('Signed in as')) {
      throw new Error(`/admin answered ${first.status} without the queue: not signed in?`)
    }
    let href = nextHref(first.html)
    for (let i = 1; i < FOLLOW && href; i++)
      href = nextHref((await get(server.url + href, cookie)).html)
    if (!href) throw new Error(`fewer than ${FOLLOW + 1} pages of "Next page →" links`)
    pages.push(
      { name: 'first page', url: `${server.url}/admin`, times: [], rows: Infinity },
      {
        name: `page ${FOLLOW + 1} (followed "Next page →" ${FOLLOW}×)`,
        url: server.url + href,
        times: [],
        rows: Infinity,
      },
      {
        name: `last page (rows ${int(SEED - PAGE_SIZE + 1)}–${int(SEED)}, built cursor)`,
        url: `${server.url}/admin?after=${lastCursor}`,
        times: [],
        rows: Infinity,
      },
    )
    // Two unmeasured passes, then rounds that visit each page in turn.
    for (let round = -2; round < ROUNDS; round++) {
      for (const page of pages) {
        const result = await get(page.url, cookie)
        if (result.status !== 200) throw new Error(`${page.url} answered ${result.status}`)
        page.rows = Math.min(page.rows, shown(result.html))
        if (round >= 0) page.times.push(result.ms)
      }
    }
  } finally {
    peakRssKiB = (await server.stop()).peakRssKiB
  }

  const base = median(pages[0]!.times)
  const rows: Row[] = pages.map((page, i) => ({
    section: TITLE,
    measure: `/admin ${page.name}, ${int(SEED)} rows: complete response, median of ${ROUNDS}`,
    value: `${ms(median(page.times))} (${page.rows} rows shown)`,
    baseline: i === 0 ? '(the baseline of the rows below)' : 'first page, same server, interleaved',
    baselineValue: i === 0 ? '' : ms(base),
    ratio: i === 0 ? '' : ratio(median(page.times), base),
    // A page that shows no rows (or a short page) times nothing worth timing.
    budget: `${PAGE_SIZE} rows shown`,
    pass: page.rows === PAGE_SIZE,
  }))
  rows.push({
    section: TITLE,
    measure: 'next start peak RSS (/usr/bin/time -v)',
    value: mib(peakRssKiB),
    baseline: '',
    baselineValue: '',
    ratio: '',
  })
  const spread = pages
    .map((p) => `${p.name}: ${fixed(Math.min(...p.times), 0)}–${fixed(Math.max(...p.times), 0)} ms`)
    .join('; ')
  return {
    title: TITLE,
    rows,
    notes: [
      `Moderation: ${int(SEED)} pending submissions seeded with scripts/seed-submissions.ts in ` +
        `${fixed(seeded.ms / 1000)} s (PGlite). Signed in through Auth.js's credentials callback; ` +
        `times are fetch() from request to last byte of the streamed page. Range: ${spread}.`,
    ],
  }
}

if (isMain(import.meta.url)) await runAlone(TITLE, moderationSection)
