import { REFUSAL_TEXT } from './one-click-text'
import type { Refusal } from './one-click'

/**
 * A refused one-click link, answered by proxy.ts before any page renders: the
 * page cannot set a 4xx once its shell is streaming, and a rewrite keeps the
 * 200. Constant text only, so nothing needs escaping.
 */
export function refusalPageHtml(reason: Refusal): string {
  const text = REFUSAL_TEXT[reason]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>${text.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><main data-refusal="${reason}">
<h1>${text.title}</h1>
<p>${text.detail}</p>
<p><a href="/admin">Open the moderation queue</a> · <a href="/">Home</a></p>
</main></body></html>
`
}
