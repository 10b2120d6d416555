/**
 * npm run bench — builds the app once, runs every section against that
 * production build (next start, each server killed by its PID afterwards),
 * writes bench/results.md, and exits non-zero when a budget failed.
 * Sections run alone too: tsx bench/<section>.ts.
 */
import { mkdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { buildScalingSection } from './build-scaling'
import { capacitySection } from './capacity'
import { deploySection } from './deploy'
import { jsWeightSection } from './js-weight'
import { lighthouseSection } from './lighthouse'
import { SITE_URL } from './lib/env'
import { machine, machineMarkdown } from './lib/machine'
import { RESULTS_FILE, ROOT, TMP } from './lib/paths'
import { run } from '../test/support/process'
import { errorSection, failed, fixed, tableMarkdown, type SectionResult } from './lib/results'
import { buildApp, log } from './lib/section'
import { linkChecksSection } from './link-checks'
import { moderationSection } from './moderation'
import { readingSection } from './reading'
import { sendingSection } from './sending'
import { submissionsSection } from './submissions'

const started = performance.now()
mkdirSync(TMP, { recursive: true })
const host = machine()
const load = () =>
  os
    .loadavg()
    .slice(0, 1)
    .map((n) => n.toFixed(1))[0]!

const buildMs = await buildApp()

// The deploy section ends with `vercel build`, and build scaling rebuilds with
// generated posts: both replace .next, so they go last.
const sections: [string, () => Promise<SectionResult>][] = [
  ['1. JavaScript weight', () => jsWeightSection()],
  ['2. Lighthouse (mobile)', lighthouseSection],
  ['3. Reading throughput', readingSection],
  ['4. Submission throughput', submissionsSection],
  ['6. Moderation at scale', moderationSection],
  ['7. Deploy target', deploySection],
  ['8. Link checks and Webmention', linkChecksSection],
  ['9. Capacity (moved from npm test)', capacitySection],
  ['10. Sending Webmentions', sendingSection],
  ['5. Build scaling', buildScalingSection],
]

const results: SectionResult[] = []
const timings: string[] = []
for (const [title, section] of sections) {
  log(`— ${title}`)
  const t0 = performance.now()
  const loadBefore = load()
  let result: SectionResult
  try {
    result = await section()
  } catch (error) {
    console.error(error)
    result = errorSection(title, error)
  }
  result.seconds = (performance.now() - t0) / 1000
  timings.push(`| ${title} | ${fixed(result.seconds / 60)} min | ${loadBefore} → ${load()} |`)
  results.push(result)
  log(`  ${title}: ${failed(result) ? 'a budget FAILED' : 'ok'} (${fixed(result.seconds)} s)`)
}
// Report in section order.
results.sort((a, b) => a.title.localeCompare(b.title, 'en', { numeric: true }))

const commit = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })).stdout.trim()
const dirty = (await run('git', ['status', '--porcelain'], { cwd: ROOT })).stdout.trim() !== ''
const totalMinutes = (performance.now() - started) / 60_000
const failures = results.flatMap((s) =>
  s.rows
    .filter((r) => r.pass === false)
    .map((r) => `${r.section}: ${r.measure} = ${r.value} (budget ${r.budget})`),
)

const markdown = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) from commit ${commit}${dirty ? ' with uncommitted changes' : ''}; the whole run took ${fixed(totalMinutes)} minutes, including one \`npm run build\` (${fixed(buildMs / 1000, 0)} s, SITE_URL=${SITE_URL}).

## Machine

${machineMarkdown(host)}

The machine is shared: other engineers' builds, servers and browsers run beside this suite, so absolute figures move from run to run (see the load averages below). Each baseline was measured in the same run, right before or after its figure, which is why the ratios are the figures to compare.

## Figures

Ratio = value ÷ baseline (Lighthouse: the difference in points). A **FAIL** is a budget that failed; \`npm run bench\` then exits non-zero.

${tableMarkdown(results)}

## Budgets

${failures.length ? failures.map((f) => `- **FAIL** ${f}`).join('\n') : 'All budgets pass.'}

## Notes

${results
  .filter((s) => s.notes.length)
  .map((s) => `### ${s.title}\n\n${s.notes.join('\n')}`)
  .join('\n\n')}

## Run

| section | duration | 1-min load average, start → end |
| --- | ---: | --- |
${timings.join('\n')}
`

await writeFile(RESULTS_FILE, markdown)
log(`wrote ${RESULTS_FILE} (${fixed(totalMinutes)} min)`)
if (failures.length) {
  console.error(
    `\n${failures.length} budget(s) failed:\n${failures.map((f) => `  ${f}`).join('\n')}`,
  )
}
// Anything a section left open (sockets, timers) must not keep the run alive.
process.exit(failures.length ? 1 : 0)
