/**
 * Section 5: how `next build` scales with the number of posts. Generates 10, 100
 * and 1,000 posts into bench/.tmp/posts-<n> (POSTS_DIR), builds each from a clean
 * .next under /usr/bin/time -v, then builds the 1,000 set again with the compile
 * cache (.next/cache) warm. The run's own .next is moved aside meanwhile and put
 * back afterwards.
 *   tsx bench/build-scaling.ts
 */
import { existsSync } from 'node:fs'
import { readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { timedBuild, type BuildRun } from './lib/build'
import { baseEnv } from './lib/env'
import { BUILD_DIR, ROOT, TMP } from './lib/paths'
import { runOk } from '../test/support/process'
import { generatedSlug, generatePosts } from './lib/posts-generator'
import { fixed, int, mib, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'

const TITLE = '5. Build scaling'
const SIZES = (process.env.BENCH_BUILD_SIZES ?? '10,100,1000').split(',').map(Number)
const TIMEOUT_MINUTES = Number(process.env.BENCH_BUILD_TIMEOUT_MIN ?? 12)
const SLOW_MINUTES = 12

type Measured = BuildRun & { posts: number; warm: boolean; pages: number; complete: boolean }

/** Checks the build holds the posts: a post page per post, the form post's page. */
async function check(posts: number): Promise<{ pages: number; complete: boolean }> {
  const dir = path.join(BUILD_DIR, 'server', 'app', 'posts')
  const files = await readdir(dir).catch(() => [] as string[])
  const pages = files.filter((f) => /^generated-post-\d+\.html$/.test(f)).length
  const form = existsSync(path.join(dir, generatedSlug(1), 'discuss.html'))
  const withForm = Array.from({ length: posts }, (_, i) => i + 1).filter((n) => n % 100 === 1)
  return {
    pages: pages + (form ? withForm.length : 0),
    complete: form && pages + withForm.length === posts,
  }
}

async function build(posts: number, warm: boolean): Promise<Measured> {
  const postsDir = path.join(TMP, `posts-${posts}`)
  if (!warm) {
    await generatePosts(postsDir, posts)
    await rm(BUILD_DIR, { recursive: true, force: true })
  }
  log(`next build, ${int(posts)} posts${warm ? ', compile cache warm' : ', clean .next'}`)
  // Posts compile before the build (the prebuild step), not during it: that time counts too.
  const compile = await runOk('npx', ['tsx', 'scripts/compile-posts.ts'], {
    env: baseEnv({ POSTS_DIR: postsDir }),
    cwd: ROOT,
    log: path.join(TMP, `compile-${posts}${warm ? '-warm' : ''}.log`),
  })
  const built = await timedBuild({
    name: `build-${posts}${warm ? '-warm' : ''}`,
    env: baseEnv({ POSTS_DIR: postsDir }),
    timeoutMs: TIMEOUT_MINUTES * 60_000,
  })
  const run = { ...built, seconds: built.seconds + compile.ms / 1000 }
  log(`  ${fixed(run.seconds)} s, ${run.ok ? 'ok' : run.timedOut ? 'timed out' : 'FAILED'}`)
  return { ...run, posts, warm, ...(await check(posts)) }
}

export async function buildScalingSection(): Promise<SectionResult> {
  const saved = path.join(TMP, 'next-saved')
  await rm(saved, { recursive: true, force: true })
  const hadBuild = existsSync(BUILD_DIR)
  if (hadBuild) await rename(BUILD_DIR, saved)
  // The blog's own compiled posts go with its build.
  const compiled = path.join(ROOT, '.compiled-posts')
  const savedCompiled = path.join(TMP, 'compiled-posts-saved')
  await rm(savedCompiled, { recursive: true, force: true })
  const hadCompiled = existsSync(compiled)
  if (hadCompiled) await rename(compiled, savedCompiled)
  const runs: Measured[] = []
  try {
    for (const posts of SIZES) {
      const run = await build(posts, false)
      runs.push(run)
      if (!run.ok && !run.timedOut) break
    }
    // The second build of the largest set reuses its .next/cache (even if the first
    // was stopped: the compile cache is written before static generation starts).
    const largest = runs.at(-1)
    if (largest && largest.posts === SIZES.at(-1) && (largest.ok || largest.timedOut)) {
      runs.push(await build(largest.posts, true))
    }
  } finally {
    await rm(BUILD_DIR, { recursive: true, force: true })
    if (hadBuild) await rename(saved, BUILD_DIR)
    await rm(compiled, { recursive: true, force: true })
    if (hadCompiled) await rename(savedCompiled, compiled)
  }
  return report(runs)
}

const perPage = (r: Measured) =>
  r.generateSeconds !== undefined && r.pagesDone ? (r.generateSeconds * 1000) / r.pagesDone : NaN

function phases(r: Measured): string {
  const parts = [
    `compile ${r.compileSeconds === undefined ? 'n/a' : `${fixed(r.compileSeconds)} s`}`,
    `TypeScript ${r.typescriptSeconds === undefined ? 'n/a' : `${fixed(r.typescriptSeconds)} s`}`,
  ]
  if (r.pagesDone !== undefined) {
    parts.push(
      `static pages ${int(r.pagesDone)}${r.pagesDone === r.pagesTotal ? '' : ` of ${int(r.pagesTotal ?? 0)}`}` +
        ` in ${fixed(r.generateSeconds ?? NaN)} s = ${fixed(perPage(r), 0)} ms/page`,
    )
  }
  return parts.join(' · ')
}

/** For a build stopped at the cap: its time so far plus the pages left at its own pace. */
function estimate(r: Measured): number {
  if (!r.timedOut || !r.pagesDone || !r.pagesTotal) return NaN
  return r.seconds + ((r.pagesTotal - r.pagesDone) * perPage(r)) / 1000
}

function report(runs: Measured[]): SectionResult {
  const rows: Row[] = []
  const notes: string[] = []
  const cold = runs.filter((r) => !r.warm)
  for (const [i, run] of runs.entries()) {
    const previous = run.warm ? cold.at(-1) : cold[i - 1]
    const projected = estimate(run)
    const seconds = run.timedOut ? projected : run.seconds
    const perPost = seconds / run.posts
    const marginal =
      previous && !run.warm && !previous.timedOut
        ? (seconds - previous.seconds) / (run.posts - previous.posts)
        : NaN
    const label = run.warm
      ? `next build, ${int(run.posts)} posts again, compile cache warm`
      : `next build, ${int(run.posts)} posts, clean .next`
    const head = run.timedOut
      ? `stopped at ${fixed(run.seconds / 60)} min; about ${fixed(projected / 60)} min to finish at its pace`
      : run.ok
        ? `${fixed(run.seconds)} s${run.complete ? '' : ` (only ${run.pages} post pages built)`}`
        : `${fixed(run.seconds)} s (build failed)`
    const previousSeconds = previous
      ? previous.timedOut
        ? estimate(previous)
        : previous.seconds
      : NaN
    rows.push({
      section: TITLE,
      measure: `${label}: wall time`,
      value:
        `${head}; ${run.timedOut ? '≈ ' : ''}${fixed(perPost, 3)} s/post` +
        (Number.isFinite(marginal) ? `; ${fixed(marginal, 3)} s per added post` : ''),
      baseline: previous
        ? run.warm
          ? `same ${int(previous.posts)} posts, clean .next`
          : `${int(previous.posts)} posts, clean .next`
        : '',
      baselineValue: previous
        ? `${previous.timedOut ? '≈ ' : ''}${fixed(previousSeconds)} s; ${fixed(previousSeconds / previous.posts, 3)} s/post`
        : '',
      ratio: previous
        ? `${ratio(seconds, previousSeconds)}${run.warm ? '' : ` for ×${run.posts / previous.posts} posts`}`
        : '',
      // Not a budget the brief sets: a build that fails (not one stopped at the cap) measured nothing.
      budget: run.warm || run.timedOut ? undefined : 'builds without error',
      pass: run.warm || run.timedOut ? undefined : run.ok && run.complete,
    })
    rows.push({
      section: TITLE,
      measure: `${label}: phases`,
      value: phases(run),
      baseline: previous ? `${int(previous.posts)} posts${run.warm ? ', clean .next' : ''}` : '',
      baselineValue: previous ? phases(previous) : '',
      ratio: previous ? `${ratio(perPage(run), perPage(previous))} ms/page` : '',
    })
    rows.push({
      section: TITLE,
      measure: `${label}: peak RSS, largest process (/usr/bin/time -v) · whole process tree`,
      value: `${mib(run.peakRssKiB)} · ${mib(run.peakTreeRssKiB)}`,
      baseline: previous ? `${int(previous.posts)} posts${run.warm ? ', clean .next' : ''}` : '',
      baselineValue: previous
        ? `${mib(previous.peakRssKiB)} · ${mib(previous.peakTreeRssKiB)}`
        : '',
      ratio: previous ? ratio(run.peakTreeRssKiB, previous.peakTreeRssKiB) : '',
    })
    if (run.timedOut || run.seconds > SLOW_MINUTES * 60) {
      notes.push(
        `- **The ${int(run.posts)}-post build${run.warm ? ' with a warm cache' : ''} takes more than ` +
          `${SLOW_MINUTES} minutes.** ` +
          (run.timedOut
            ? `It was stopped at ${fixed(run.seconds / 60)} min with ${int(run.pagesDone ?? 0)} of ` +
              `${int(run.pagesTotal ?? 0)} static pages generated; the figures are what was measured, ` +
              'and its total is projected from its own page rate. Set BENCH_BUILD_TIMEOUT_MIN=60 to let it finish.'
            : `It took ${fixed(run.seconds / 60)} min.`),
      )
    }
  }
  const ten = cold[0]
  const big = cold.at(-1)
  if (ten && big && big !== ten && perPage(big) > 3 * perPage(ten)) {
    notes.push(
      `- **Non-linear:** each static page costs ${fixed(perPage(big), 0)} ms to generate with ` +
        `${int(big.posts)} posts against ${fixed(perPage(ten), 0)} ms with ${int(ten.posts)}: the work per ` +
        'page grows with the number of posts, so the whole build grows with its square.',
    )
  }
  notes.unshift(
    'Build scaling: generated posts (about 450 words in three sections; a TypeScript code block in ' +
      'every other post; `readerLinks: true` on post 1 and every 100th, post 1 having both) in ' +
      'bench/.tmp/posts-<n>, POSTS_DIR pointing there, scripts/compile-posts.ts then `next build` ' +
      `(the rest of prebuild copies images, which they have none of; the times include both), each stopped after ${TIMEOUT_MINUTES} min (BENCH_BUILD_TIMEOUT_MIN). Phases are ` +
      'read from the build output. "Largest process" is GNU time\'s maximum RSS (the biggest single ' +
      'process among the build and its workers); "whole process tree" sums RSS over the tree, sampled ' +
      'every 250 ms. Build logs: bench/.tmp/build-<n>.log.',
  )
  return { title: TITLE, rows, notes }
}

if (isMain(import.meta.url)) await runAlone(TITLE, buildScalingSection, { needsBuild: false })
