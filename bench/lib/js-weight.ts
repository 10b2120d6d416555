import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The JavaScript a prerendered page makes the browser load: every
 * /_next/static/chunks/*.js it names, in script tags, preloads or the inline
 * flight data that lists client-component chunks for hydration; and every
 * script of our own from public/ (e.g. /code-copy.js), in a script tag or in
 * the flight data.
 */
export function referencedChunks(html: string): string[] {
  const found = new Set<string>()
  for (const match of html.matchAll(/\/?_next\/static\/chunks\/[\w\-./]+?\.js/g)) {
    found.add(match[0].replace(/^\/?/, '/'))
  }
  // Flight data names chunks relative to _next ("static/chunks/x.js").
  for (const match of html.matchAll(/"static\/chunks\/([\w\-./]+?\.js)"/g)) {
    found.add(`/_next/static/chunks/${match[1]}`)
  }
  // Our own scripts: src="/x.js" in HTML, \"src\":\"/x.js\" in the flight data.
  for (const match of html.matchAll(/\bsrc(?:=|\\?":\\?)"(\/(?!_next\/)[\w\-./]+?\.js)\\?"/g)) {
    found.add(match[1]!)
  }
  return [...found].sort()
}

export type Weight = { chunks: string[]; gzipBytes: number }

/** Where a referenced script is in the build: Next's chunks in .next, ours in public/. */
function scriptFile(buildDir: string, src: string): string {
  return src.startsWith('/_next/')
    ? path.join(buildDir, src.replace('/_next/', ''))
    : path.join(buildDir, '..', 'public', src)
}

/**
 * The weight of a page: from its prerendered HTML in the build, or, for a page
 * rendered per request (its prerendered file is empty), from the HTML a server
 * of the same build sends (`fetchHtml`).
 */
export async function pageWeight(
  buildDir: string,
  htmlFile: string,
  fetchHtml?: () => Promise<string>,
): Promise<Weight> {
  const prerendered = await readFile(path.join(buildDir, 'server', 'app', htmlFile), 'utf8').catch(
    () => '',
  )
  const html = prerendered || (fetchHtml ? await fetchHtml() : '')
  if (!html) throw new Error(`no HTML for ${htmlFile}`)
  const chunks = referencedChunks(html)
  let gzipBytes = 0
  for (const chunk of chunks) {
    gzipBytes += gzipSync(await readFile(scriptFile(buildDir, chunk)), { level: 9 }).length
  }
  return { chunks, gzipBytes }
}

export const kib = (bytes: number) => (bytes / 1024).toFixed(1)
