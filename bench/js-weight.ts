/**
 * npm run bench:js — how much JavaScript our pages add to the framework runtime.
 * Compares the gzip size of the chunks each prerendered page references with a
 * bare page of the same build (/about: layout and text, no client code of ours).
 * Budgets: a post without code or the form adds 0 KiB; code blocks (their copy
 * button, public/code-copy.js) add at most 1 KiB; the form adds at most 5 KiB.
 * Uses the existing .next build, or builds first when there is none.
 * Also section 1 of `npm run bench` (jsWeightSection).
 */
import { appEnv } from './lib/env'
import { kib, pageWeight } from './lib/js-weight'
import { BUILD_DIR } from './lib/paths'
import { freshPglite, startMeasured, type RunningServer } from './lib/servers'
import { ratio, type SectionResult } from './lib/results'
import { ensureBuild, isMain } from './lib/section'

const pages = [
  { name: 'bare page (/about)', file: 'about.html', budget: undefined, inBench: false },
  { name: 'home (/)', file: 'index.html', budget: 0, inBench: true },
  {
    name: 'post without code',
    file: 'posts/what-a-code-review-taught-me.html',
    budget: 0,
    inBench: true,
  },
  {
    name: 'post with code',
    file: 'posts/red-green-refactor-walkthrough.html',
    budget: 1024,
    inBench: true,
  },
  {
    name: 'post with a cover and images',
    file: 'posts/the-painting-on-the-wall.html',
    budget: 0,
    inBench: false,
  },
  {
    name: 'post with the form',
    file: 'posts/writing-about-failures/discuss.html',
    budget: 5 * 1024,
    inBench: true,
  },
]

const TITLE = '1. JavaScript weight'

/**
 * The post with the form is rendered per request (so a form posted without
 * JavaScript gets a whole page back), so its HTML comes from a server of the
 * same build, started only if needed.
 */
let server: RunningServer | undefined
async function servedHtml(file: string): Promise<string> {
  const route = `/${file.replace(/\.html$/, '').replace(/\/discuss$/, '')}`
  server ??= await startMeasured({
    name: 'js-weight',
    env: appEnv({ pgliteDir: await freshPglite('js-weight') }),
  })
  const response = await fetch(`${server.url}${route}`)
  if (response.status !== 200) throw new Error(`GET ${route}: ${response.status}`)
  return response.text()
}

async function weigh(file: string) {
  return pageWeight(BUILD_DIR, file, () => servedHtml(file))
}

async function stopServer() {
  await server?.stop()
  server = undefined
}

export async function jsWeightSection(buildDir = BUILD_DIR): Promise<SectionResult> {
  const base = await pageWeight(buildDir, 'about.html')
  const rows = []
  for (const page of pages.filter((p) => p.inBench)) {
    const w = await pageWeight(buildDir, page.file, () => servedHtml(page.file))
    const added = w.gzipBytes - base.gzipBytes
    rows.push({
      section: TITLE,
      measure: `${page.name}: JS added over the bare page (gzip)`,
      value: `+${kib(added)} KiB (${kib(w.gzipBytes)} KiB, ${w.chunks.length} chunks)`,
      baseline: 'bare page /about, same build',
      baselineValue: `${kib(base.gzipBytes)} KiB, ${base.chunks.length} chunks`,
      ratio: ratio(w.gzipBytes, base.gzipBytes, 3),
      budget: `adds ≤ ${kib(page.budget ?? 0)} KiB`,
      pass: added <= (page.budget ?? 0),
    })
  }
  await stopServer()
  return {
    title: TITLE,
    rows,
    notes: [
      'JavaScript weight: gzip (level 9) of every `/_next/static/chunks/*.js` and every script of ours ' +
        'from `public/` the prerendered HTML names (script tags, preloads, flight data), from ' +
        '`bench/lib/js-weight.ts`; the post with the form is ' +
        'rendered per request, so its HTML is fetched from `next start` on the same build.',
    ],
  }
}

if (isMain(import.meta.url)) {
  await ensureBuild()
  const base = await pageWeight(BUILD_DIR, 'about.html')
  let over = false
  console.log('| page | chunks | gzip KiB | added over bare page | budget |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const page of pages) {
    const w = await weigh(page.file)
    const added = w.gzipBytes - base.gzipBytes
    const isOver = page.budget !== undefined && added > page.budget
    over ||= isOver
    const budget =
      page.budget === undefined ? '' : `${kib(page.budget)} KiB${isOver ? ' **over**' : ''}`
    console.log(
      `| ${page.name} | ${w.chunks.length} | ${kib(w.gzipBytes)} | ${kib(added)} KiB (×${(w.gzipBytes / base.gzipBytes).toFixed(3)}) | ${budget} |`,
    )
  }
  await stopServer()
  if (over) {
    console.error('\nA page is over its JavaScript budget.')
    process.exit(1)
  }
}
