import { readFileSync } from 'node:fs'
import path from 'node:path'
import { REFUSAL_TEXT } from './one-click-text'
import type { Refusal } from './one-click'

/**
 * A refused one-click link is answered by proxy.ts before any page renders: a
 * page cannot set a 4xx once its shell is streaming, and Next answers a
 * rewrite to a page with that page's own status (200), whatever the rewrite
 * asked for. So the proxy sends the page itself, with the refusal's status.
 *
 * The page is the site's own, app/moderate/refused/[reason], prerendered at
 * build (header, stylesheet, dark mode; no database), read from the build's
 * output once per reason. Where a deployment's proxy does not ship the build's
 * pages (measured: Vercel's proxy function holds only its own code), it falls
 * back to the plain page below, which says the same and follows dark mode.
 */
export function refusalPages(prerenderedDir: string): (reason: Refusal) => string {
  const read = new Map<Refusal, string>()
  return (reason) => {
    let html = read.get(reason)
    if (html === undefined) {
      html = prerenderedPage(prerenderedDir, reason) ?? refusalPageHtml(reason)
      read.set(reason, html)
    }
    return html
  }
}

function prerenderedPage(dir: string, reason: Refusal): string | undefined {
  try {
    const html = readFileSync(path.join(dir, `${reason}.html`), 'utf8')
    // Only a whole page of the site: never an empty shell or something else.
    return html.includes(`data-refusal="${reason}"`) ? html : undefined
  } catch {
    return undefined
  }
}

/** The fallback: constant text only, so nothing needs escaping. */
export function refusalPageHtml(reason: Refusal): string {
  const text = REFUSAL_TEXT[reason]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark">
<title>${text.title}</title>
<style>:root{color-scheme:light dark}body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><main data-refusal="${reason}">
<h1>${text.title}</h1>
<p>${text.detail}</p>
<p><a href="/admin">Open the moderation queue</a> · <a href="/">Home</a></p>
</main></body></html>
`
}
