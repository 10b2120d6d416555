import { extractFromJson, extractFromXml } from '@extractus/feed-extractor'
import { XMLParser } from 'fast-xml-parser'

/** One entry as a feed reader sees it, read by a real feed parser. */
export type ReadEntry = {
  id: string
  title: string
  link: string
  published: string
  /** The full HTML content: content:encoded (RSS), content (Atom), content_html (JSON Feed). */
  content: string
  authors: string[]
}

export type ReadFeed = { title: string; link: string; entries: ReadEntry[] }

const text = (v: unknown): string =>
  typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String(v['#text']) : ''

const names = (v: unknown): string[] => {
  const list = Array.isArray(v) ? v : v ? [v] : []
  return list.map((a) => (typeof a === 'string' ? a : text((a as { name?: unknown }).name)))
}

/**
 * Parses a feed the way a reader would (@extractus/feed-extractor), keeping the
 * full content, which the parser's own summary shortens and strips.
 */
export function readFeed(body: string, kind: 'xml' | 'json'): ReadFeed {
  const options = {
    descriptionMaxLen: 0,
    getExtraEntryFields: (raw: Record<string, unknown>) => ({
      content: text(raw['content:encoded'] ?? raw.content ?? raw.content_html),
      authors: names(raw.authors ?? raw.author),
    }),
  }
  if (kind === 'xml' && isEmptyAtom(body)) return emptyAtom(body)
  const feed = kind === 'json' ? extractFromJson(body, options) : extractFromXml(body, options)
  return {
    title: feed.title ?? '',
    link: feed.link ?? '',
    entries: (feed.entries ?? []).map((e) => ({
      id: e.id,
      title: e.title ?? '',
      link: e.link ?? '',
      published: e.published ?? '',
      content: String(e.content ?? ''),
      authors: (e.authors as string[] | undefined) ?? [],
    })),
  }
}

type AtomDoc = { feed?: { entry?: unknown; title?: string; link?: unknown } }

const atomDoc = (body: string) =>
  new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'link' }).parse(
    body,
  ) as AtomDoc

/**
 * Atom allows a feed with no entries, but @extractus/feed-extractor reports one
 * as "Unrecognized feed format"; read such a feed's title and link directly.
 */
function isEmptyAtom(body: string): boolean {
  const doc = atomDoc(body)
  return doc.feed !== undefined && doc.feed.entry === undefined
}

function emptyAtom(body: string): ReadFeed {
  const feed = atomDoc(body).feed!
  const links = (feed.link ?? []) as { '@_rel'?: string; '@_href'?: string }[]
  const alternate = links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate')
  return { title: String(feed.title ?? ''), link: alternate?.['@_href'] ?? '', entries: [] }
}
