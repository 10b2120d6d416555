import { mf2 } from 'microformats-parser'
import { parse } from 'parse5'
import { undisguise } from '../text/disguise'

/**
 * What a linked page says about itself, read from its HTML: Open Graph and
 * ordinary meta tags (parse5), and the page's h-entry (microformats-parser),
 * which wins where it speaks because it names the post rather than the site.
 */
export type PageMetadata = {
  title: string | null
  description: string | null
  siteName: string | null
  author: string | null
  /** As the page wrote it, when it parses as a date. */
  publishedAt: Date | null
  /** Every <a href> (and h-entry u-in-reply-to and friends), resolved to absolute URLs. */
  links: string[]
  /** Whether the page has an h-entry: a Webmention source speaking microformats. */
  hasEntry: boolean
}

export const METADATA_LIMITS = { title: 200, description: 500, siteName: 120, author: 80 }

type Node = {
  nodeName: string
  tagName?: string
  attrs?: { name: string; value: string }[]
  childNodes?: Node[]
  content?: Node
  value?: string
}

const clean = (value: string | null | undefined, max: number): string | null => {
  // Undisguise (bidi controls would reorder what the author reads next to it),
  // collapse whitespace and strip control characters; the text is shown as text.
  const text = undisguise(value ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (!text) return null
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

const attr = (node: Node, name: string) => node.attrs?.find((a) => a.name === name)?.value

function textOf(node: Node): string {
  if (node.nodeName === '#text') return node.value ?? ''
  return (node.childNodes ?? []).map(textOf).join('')
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node)
  for (const child of node.childNodes ?? []) walk(child, visit)
}

function resolve(href: string | undefined, base: string): string | null {
  if (!href) return null
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

const asDate = (value: string | null | undefined): Date | null => {
  if (!value) return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : new Date(time)
}

type Mf2Item = ReturnType<typeof mf2>['items'][number]
type Mf2Value = Mf2Item['properties'][string][number]

function firstEntry(items: Mf2Item[]): Mf2Item | undefined {
  for (const item of items) {
    if (item.type?.includes('h-entry')) return item
    const nested = firstEntry(item.children ?? [])
    if (nested) return nested
  }
  return undefined
}

function plain(value: Mf2Value | undefined): string | null {
  if (value === undefined) return null
  if (typeof value === 'string') return value
  if ('html' in value) return value.value
  if ('properties' in value) {
    const name = value.properties.name?.[0]
    return name !== undefined ? plain(name) : typeof value.value === 'string' ? value.value : null
  }
  return value.value ?? null
}

function entryLinks(entry: Mf2Item | undefined): string[] {
  if (!entry) return []
  const props = ['in-reply-to', 'like-of', 'repost-of', 'bookmark-of', 'mention-of']
  return props
    .flatMap((p) => (entry.properties[p] ?? []).map((v) => plain(v) ?? ''))
    .filter(Boolean)
}

export function readPageMetadata(html: string, pageUrl: string): PageMetadata {
  const document = parse(html) as unknown as Node
  const meta = new Map<string, string>()
  let titleTag: string | null = null
  let base = pageUrl
  const anchors: string[] = []
  walk(document, (node) => {
    switch (node.tagName) {
      case 'title':
        titleTag ??= textOf(node)
        break
      case 'base':
        base = resolve(attr(node, 'href'), pageUrl) ?? base
        break
      case 'meta': {
        const key = (attr(node, 'property') ?? attr(node, 'name') ?? '').toLowerCase()
        const content = attr(node, 'content')
        if (key && content !== undefined && !meta.has(key)) meta.set(key, content)
        break
      }
      case 'a':
        anchors.push(attr(node, 'href') ?? '')
        break
    }
  })
  const links = anchors.map((href) => resolve(href, base)).filter((u): u is string => u !== null)

  let entry: Mf2Item | undefined
  try {
    entry = firstEntry(mf2(html, { baseUrl: base }).items)
  } catch {
    entry = undefined
  }
  const prop = (name: string) => plain(entry?.properties[name]?.[0])
  // An h-entry's name defaults to its whole text: only a short one is a title.
  const entryName = prop('name')
  const entryTitle = entryName && entryName.length <= METADATA_LIMITS.title ? entryName : null

  return {
    title: clean(
      entryTitle ?? meta.get('og:title') ?? meta.get('twitter:title') ?? titleTag,
      METADATA_LIMITS.title,
    ),
    description: clean(
      prop('summary') ??
        meta.get('og:description') ??
        meta.get('description') ??
        meta.get('twitter:description'),
      METADATA_LIMITS.description,
    ),
    siteName: clean(
      meta.get('og:site_name') ?? meta.get('application-name'),
      METADATA_LIMITS.siteName,
    ),
    author: clean(
      prop('author') ?? meta.get('author') ?? meta.get('article:author'),
      METADATA_LIMITS.author,
    ),
    publishedAt: asDate(
      prop('published') ??
        meta.get('article:published_time') ??
        meta.get('date') ??
        meta.get('dc.date'),
    ),
    links: [
      ...new Set([
        ...links,
        ...entryLinks(entry)
          .map((u) => resolve(u, base))
          .filter((u): u is string => u !== null),
      ]),
    ],
    hasEntry: entry !== undefined,
  }
}

/** A URL reduced to what makes two links "the same page": no fragment, no trailing slash. */
function comparable(raw: string): string | null {
  try {
    const url = new URL(raw)
    url.hash = ''
    const path = url.pathname.replace(/\/+$/, '') || '/'
    return `${url.host.toLowerCase()}${path}${url.search}`
  } catch {
    return null
  }
}

/** Whether any of the page's links points at `target` (scheme, fragment and trailing slash aside). */
export function linksTo(links: string[], target: string): boolean {
  const wanted = comparable(target)
  return wanted !== null && links.some((link) => comparable(link) === wanted)
}
