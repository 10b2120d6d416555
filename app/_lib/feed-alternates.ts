import type { Metadata } from 'next'
import { POST_FEED_PATHS } from '@/lib/posts/feed'
import { fullTitle } from '@/lib/site'

type Alternates = NonNullable<Metadata['alternates']>
type Link = { url: string; title: string }

/**
 * A page's alternates with every feed advertised. A page that sets `alternates`
 * replaces the layout's whole object, so each one builds it here and no page
 * loses the feed links. `readers` adds a readers' stories feed for that page.
 */
export function alternatesWithFeeds(canonical: string, readers?: Link): Alternates {
  return {
    canonical,
    types: {
      'application/rss+xml': [{ url: POST_FEED_PATHS.rss, title: `${fullTitle} (RSS)` }],
      'application/atom+xml': [
        { url: POST_FEED_PATHS.atom, title: `${fullTitle} (Atom)` },
        ...(readers ? [readers] : []),
      ],
      'application/feed+json': [{ url: POST_FEED_PATHS.json, title: `${fullTitle} (JSON Feed)` }],
    },
  }
}
