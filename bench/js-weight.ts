/**
 * npm run bench:js — how much JavaScript our pages add to the framework runtime.
 * Compares the gzip size of the chunks each prerendered page references with a
 * bare page of the same build (/about: layout and text, no client code of ours).
 * Budgets: a post without the form adds 0 KiB; the form adds at most 5 KiB.
 * Uses the existing .next build, or builds first when there is none.
 */
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { kib, pageWeight } from './lib/js-weight'

const BUILD = '.next'
if (!existsSync(`${BUILD}/server/app/about.html`)) {
  execSync('npm run build', { stdio: 'inherit' })
}

const pages = [
  { name: 'bare page (/about)', file: 'about.html', budget: undefined },
  { name: 'home (/)', file: 'index.html', budget: 0 },
  {
    name: 'post without the form',
    file: 'posts/red-green-refactor-walkthrough.html',
    budget: 0,
  },
  { name: 'post with a cover and images', file: 'posts/the-painting-on-the-wall.html', budget: 0 },
  {
    name: 'post with the form',
    file: 'posts/writing-about-failures/discuss.html',
    budget: 5 * 1024,
  },
]

const base = await pageWeight(BUILD, 'about.html')
let failed = false
console.log('| page | chunks | gzip KiB | added over bare page | budget |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const page of pages) {
  const w = await pageWeight(BUILD, page.file)
  const added = w.gzipBytes - base.gzipBytes
  const over = page.budget !== undefined && added > page.budget
  failed ||= over
  const budget =
    page.budget === undefined ? '' : `${kib(page.budget)} KiB${over ? ' **over**' : ''}`
  console.log(
    `| ${page.name} | ${w.chunks.length} | ${kib(w.gzipBytes)} | ${kib(added)} KiB (×${(w.gzipBytes / base.gzipBytes).toFixed(3)}) | ${budget} |`,
  )
}
if (failed) {
  console.error('\nA page is over its JavaScript budget.')
  process.exit(1)
}
