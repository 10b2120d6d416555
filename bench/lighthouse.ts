/**
 * Section 2: Lighthouse 12.2.3 (mobile, default config) in Debian's Chromium, on
 * the home page and a post with the reader-link form, beside the bare /about page
 * of the same server. Each page is audited LH_RUNS times (default 3) and the run
 * with the median Performance score is kept.
 *   tsx bench/lighthouse.ts
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { appEnv, baseEnv } from './lib/env'
import { CHROMIUM, PORTS, ROOT, TMP } from './lib/paths'
import { run } from '../test/support/process'
import { type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { freshPglite, startMeasured } from './lib/servers'

const TITLE = '2. Lighthouse (mobile)'
const RUNS = Number(process.env.LH_RUNS ?? 3)
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const CATEGORIES = [
  { id: 'performance', name: 'Performance', min: 98 },
  { id: 'accessibility', name: 'Accessibility', min: 100 },
  { id: 'best-practices', name: 'Best Practices', min: 100 },
  { id: 'seo', name: 'SEO', min: 100 },
] as const
const PAGES = [
  { name: 'home', path: '/' },
  { name: 'post with the form', path: '/posts/writing-about-failures' },
]
const BASELINE = { name: 'bare page', path: '/about' }

type Audit = {
  id: string
  title: string
  score: number | null
  scoreDisplayMode: string
  displayValue?: string
  errorMessage?: string
}
type Lhr = {
  lighthouseVersion: string
  userAgent?: string
  environment?: { hostUserAgent?: string }
  runtimeError?: { code: string; message: string }
  runWarnings?: string[]
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>
  audits: Record<string, Audit>
}

const score = (lhr: Lhr, id: string) => {
  const s = lhr.categories[id]?.score
  return s === null || s === undefined ? NaN : Math.round(s * 100)
}

async function audit(url: string, file: string): Promise<Lhr> {
  const result = await run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--output=json',
      `--output-path=${file}`,
      `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
      '--quiet',
    ],
    { env: baseEnv({ CHROME_PATH: CHROMIUM }) },
  )
  let lhr: Lhr
  try {
    lhr = JSON.parse(await readFile(file, 'utf8')) as Lhr
  } catch {
    throw new Error(
      `lighthouse wrote no report for ${url} (exit ${result.code}):\n${result.stderr}`,
    )
  }
  if (lhr.runtimeError) throw new Error(`lighthouse ${url}: ${lhr.runtimeError.message}`)
  return lhr
}

/** RUNS audits of one page; the one with the median Performance score. */
async function medianAudit(base: string, page: { name: string; path: string }): Promise<Lhr> {
  const runs: Lhr[] = []
  for (let i = 0; i < RUNS; i++) {
    const slug = page.path === '/' ? 'home' : page.path.replace(/\W+/g, '-').replace(/^-/, '')
    runs.push(
      await audit(`${base}${page.path}`, path.join(TMP, `lighthouse-${slug}-${i + 1}.json`)),
    )
  }
  runs.sort((a, b) => score(a, 'performance') - score(b, 'performance'))
  log(`lighthouse ${page.path}: performance ${runs.map((r) => score(r, 'performance')).join(', ')}`)
  return runs[Math.floor((runs.length - 1) / 2)]!
}

/** The audits that keep a category below 100: scored audits of that category under 1. */
function failingAudits(lhr: Lhr, category: string): Audit[] {
  const refs = lhr.categories[category]?.auditRefs ?? []
  return refs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a): a is Audit => Boolean(a) && a!.score !== null && a!.score < 1)
}

/** Diagnostics that explain a Performance score (not scored themselves). */
const DIAGNOSTICS = [
  'server-response-time',
  'mainthread-work-breakdown',
  'bootup-time',
  'total-byte-weight',
  'dom-size',
]

const erroredAudits = (lhr: Lhr) =>
  Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === 'error')

export async function lighthouseSection(): Promise<SectionResult> {
  const port = PORTS.lighthouse
  const server = await startMeasured({
    name: 'lighthouse-next',
    port,
    env: appEnv({ pgliteDir: await freshPglite('pglite-lighthouse') }),
  })
  // Lighthouse loads the site by the name it is configured with (SITE_URL), so
  // canonical links and the page's own origin agree.
  const base = `http://localhost:${port}`
  const results: { page: { name: string; path: string }; lhr: Lhr }[] = []
  try {
    // A deployed site has served its pages before: one plain GET of each first.
    for (const page of [BASELINE, ...PAGES]) await (await fetch(`${server.url}${page.path}`)).text()
    log(`lighthouse: ${RUNS} run(s) per page, ${CHROMIUM}`)
    const baseline = await medianAudit(base, BASELINE)
    results.push({ page: BASELINE, lhr: baseline })
    for (const page of PAGES) results.push({ page, lhr: await medianAudit(base, page) })
  } finally {
    await server.stop()
  }
  const baseline = results[0]!.lhr
  const rows: Row[] = []
  const notes: string[] = []
  for (const { page, lhr } of results.slice(1)) {
    for (const category of CATEGORIES) {
      const value = score(lhr, category.id)
      const pass = value >= category.min
      rows.push({
        section: TITLE,
        measure: `${page.path} (${page.name}): ${category.name}`,
        value: String(value),
        baseline: `bare page ${BASELINE.path}, same server`,
        baselineValue: String(score(baseline, category.id)),
        ratio: `${value - score(baseline, category.id) >= 0 ? '+' : ''}${value - score(baseline, category.id)} points`,
        budget: category.min === 100 ? '100' : `100 (≥ ${category.min} tolerated)`,
        pass,
      })
      if (value < 100) {
        const audits = failingAudits(lhr, category.id)
        notes.push(
          `- **${page.path} ${category.name} ${value}**${pass ? ' (within tolerance)' : ' — below budget'}; audits scoring under 1:`,
          ...(audits.length
            ? audits.map(
                (a) =>
                  `  - \`${a.id}\` — ${a.title} (score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''})`,
              )
            : ['  - none scored under 1 (the category score comes from weighted metric scores)']),
        )
        if (category.id === 'performance') {
          const found = DIAGNOSTICS.map((id) => lhr.audits[id]).filter((a): a is Audit =>
            Boolean(a?.displayValue),
          )
          notes.push(
            `  - diagnostics: ${found.map((a) => `${a.title.toLowerCase()}: ${a.displayValue}`).join('; ')}`,
          )
        }
      }
    }
  }
  const errored = new Map<string, string>()
  for (const { lhr } of results) {
    for (const a of erroredAudits(lhr)) errored.set(a.id, `${a.title}: ${a.errorMessage ?? ''}`)
  }
  if (errored.size) {
    notes.push(
      `- Audits that errored in this Chromium (not scored, so they do not lower the scores): ${[
        ...errored,
      ]
        .map(([id, text]) => `\`${id}\` (${text.trim().slice(0, 160)})`)
        .join('; ')}`,
    )
  }
  notes.unshift(
    `Lighthouse ${baseline.lighthouseVersion}, mobile (default config, simulated throttling), ` +
      `${baseline.environment?.hostUserAgent?.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} ` +
      `at ${CHROMIUM}, median of ${RUNS} run(s) per page by Performance score. Reports: bench/.tmp/lighthouse-*.json.`,
  )
  return { title: TITLE, rows, notes }
}

if (isMain(import.meta.url)) await runAlone(TITLE, lighthouseSection)
