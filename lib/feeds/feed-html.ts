import type { Element, ElementContent, Properties, Root, RootContent } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toHtml } from 'hast-util-to-html'

/**
 * Shiki's dual themes leave each token's colour in CSS variables
 * (`--shiki-light:#953800;--shiki-dark:#FFA657`) that the site's stylesheet
 * reads. A feed reader has no stylesheet and drops variables, so a feed keeps
 * one theme as plain inline declarations.
 */
export type CodeTheme = {
  /** The variable prefix's theme name: `light` reads `--shiki-light`. */
  name: string
  /** The theme's own text and background colours, set on each highlighted <pre>. */
  color: string
  background: string
}

export type FeedHtmlOptions = {
  /** The page the HTML comes from: relative links and images resolve against it. */
  base: URL
  theme: CodeTheme
}

/** github-light-default, the light theme lib/posts/compile.ts highlights with. */
export const FEED_CODE_THEME: CodeTheme = { name: 'light', color: '#1f2328', background: '#ffffff' }

/** Elements a feed never carries: scripts, styles and the preloads React hoists. */
const DROPPED = new Set([
  'script',
  'noscript',
  'style',
  'link',
  'meta',
  'base',
  'template',
  'iframe',
  'object',
  'embed',
])

/** Attributes holding one URL, by hast property name. */
const URL_PROPERTIES = ['href', 'src', 'cite', 'poster', 'action', 'formAction', 'longDesc']

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/** Resolves a URL against the base, or null when it is not one a feed should link to. */
export function absoluteUrl(value: string, base: URL): string | null {
  let url: URL
  try {
    url = new URL(value.trim(), base)
  } catch {
    return null
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.toString() : null
}

function absoluteSrcset(value: string, base: URL): string | null {
  const candidates = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((candidate) => {
      const [url = '', ...descriptor] = candidate.split(/\s+/)
      const abs = absoluteUrl(url, base)
      return abs && [abs, ...descriptor].join(' ')
    })
  return candidates.every(Boolean) ? candidates.join(', ') : null
}

/**
 * Rewrites a style attribute for a reader without our stylesheet: the theme's
 * `--shiki-<name>*` variables become the declarations they stand for, and every
 * other custom property (meaningless without the stylesheet) is dropped.
 */
export function inlineThemeStyle(style: string, theme: string): string {
  const prefix = `--shiki-${theme}`
  const fromVariable: Record<string, string> = {
    '': 'color',
    '-bg': 'background-color',
    '-font-style': 'font-style',
    '-font-weight': 'font-weight',
    '-text-decoration': 'text-decoration',
  }
  const out: string[] = []
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':')
    if (colon < 0) continue
    const name = declaration.slice(0, colon).trim()
    const value = declaration.slice(colon + 1).trim()
    if (!name || !value) continue
    if (name.startsWith(prefix)) {
      const property = fromVariable[name.slice(prefix.length).toLowerCase()]
      if (property) out.push(`${property}:${value}`)
    } else if (!name.startsWith('--') && !/var\(/i.test(value)) {
      out.push(`${name}:${value}`)
    }
  }
  return out.join(';')
}

const classes = (el: Element): string[] => {
  const c = el.properties.className
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : []
}

/** Our code blocks' classes (lib/posts/rehype-code-blocks.ts): for our stylesheet only. */
const PAGE_ONLY_CLASSES = new Set(['code-block', 'code-bar', 'code-language'])

function cleanProperties(el: Element, opts: FeedHtmlOptions): Properties {
  const out: Properties = {}
  for (const [key, value] of Object.entries(el.properties)) {
    if (key === 'className' && classes(el).every((c) => PAGE_ONLY_CLASSES.has(c))) continue
    // Event handlers never reach a feed; data-* only feeds our stylesheet and scripts.
    if (/^on/i.test(key) || /^data[A-Z]/.test(key) || key === 'tabIndex') continue
    if (URL_PROPERTIES.includes(key) && value !== null && value !== undefined) {
      const abs = absoluteUrl(String(value), opts.base)
      if (abs) out[key] = abs
      continue
    }
    if (key === 'srcSet' && value !== null && value !== undefined) {
      const abs = absoluteSrcset(Array.isArray(value) ? value.join(', ') : String(value), opts.base)
      if (abs) out[key] = abs
      continue
    }
    if (key === 'style') {
      const css = inlineThemeStyle(String(value), opts.theme.name)
      if (css) out.style = css
      continue
    }
    out[key] = value
  }
  return out
}

/** A highlighted block (rehype-pretty-code marks it with data-theme) gets the theme's colours. */
function isHighlightedPre(el: Element): boolean {
  return el.tagName === 'pre' && el.properties.dataTheme !== undefined
}

function transform(nodes: (RootContent | ElementContent)[], opts: FeedHtmlOptions) {
  const out: ElementContent[] = []
  for (const node of nodes) {
    if (node.type === 'comment' || node.type === 'doctype') continue
    // Text stays; raw HTML never appears in our trees and is not trusted if it does.
    if (node.type === 'text') out.push(node)
    if (node.type !== 'element') continue
    if (DROPPED.has(node.tagName)) continue
    // The "#" link after each heading only makes sense with our stylesheet and page.
    if (node.tagName === 'a' && classes(node).includes('heading-anchor')) continue
    // So does the table of contents: a reader's own outline stands in for it.
    if (node.tagName === 'nav' && classes(node).includes('toc')) continue
    const highlighted = isHighlightedPre(node)
    const element: Element = {
      type: 'element',
      tagName: node.tagName,
      properties: cleanProperties(node, opts),
      children: transform(node.children, opts),
    }
    if (highlighted) {
      const own = typeof element.properties.style === 'string' ? element.properties.style : ''
      element.properties.style = [
        `color:${opts.theme.color}`,
        `background-color:${opts.theme.background}`,
        'padding:0.75em',
        'overflow:auto',
        own,
      ]
        .filter(Boolean)
        .join(';')
    }
    out.push(element)
  }
  return out
}

/**
 * Makes HTML fit for a feed reader: absolute URLs, inline code colours, no
 * scripts, styles, event handlers, heading anchors or table of contents.
 */
export function feedTree(nodes: (RootContent | ElementContent)[], opts: FeedHtmlOptions): Root {
  return { type: 'root', children: transform(nodes, opts) }
}

export function feedHtmlFromTree(
  nodes: (RootContent | ElementContent)[],
  opts: FeedHtmlOptions,
): string {
  return toHtml(feedTree(nodes, opts))
}

export function feedHtml(html: string, opts: FeedHtmlOptions): string {
  return feedHtmlFromTree(fromHtml(html, { fragment: true }).children, opts)
}
