import { extractFromJson, extractFromXml } from '@extractus/feed-extractor'

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
