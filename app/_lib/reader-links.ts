import { cacheLife, cacheTag } from 'next/cache'
import { getDatabase } from '@/lib/db'
import { buildLinksFeed, LINKS_FEED_LIMIT } from '@/lib/submissions/links-feed'
import {
  approvedLinksByPost,
  approvedLinksForFeed,
  approvedLinksForPost,
  type PublicLink,
} from '@/lib/submissions/public-list'
import { siteUrl } from '@/lib/env'
import { cachedPosts } from './posts'

/** Cache tags that moderation invalidates when what the public sees changes. */
export const readerLinksTags = {
  all: 'reader-links',
  post: (slug: string) => `reader-links:${slug}`,
}

/**
 * Page views read approved links from a cache; only a moderation change (which
 * invalidates these tags) sends the next view to the database. Each instance
 * keeps its own entries in memory; what is shared is when a tag was
 * invalidated: on Vercel through the platform's cache handler, self-hosted on
 * PostgreSQL through cache-handlers/remote.mjs (lib/cache), which every
 * instance reads at most twice a second. So an approval made on one instance
 * shows on the others within about half a second. PGlite is one process and
 * needs no sharing.
 */
export async function cachedApprovedLinks(slug: string): Promise<PublicLink[]> {
  'use cache: remote'
  cacheLife('max')
  cacheTag(readerLinksTags.all, readerLinksTags.post(slug))
  const { db } = await getDatabase()
  return approvedLinksForPost(db, slug)
}

export async function cachedAllApprovedLinks(): Promise<[string, PublicLink[]][]> {
  'use cache: remote'
  cacheLife('max')
  cacheTag(readerLinksTags.all)
  const { db } = await getDatabase()
  return [...(await approvedLinksByPost(db))]
}

/**
 * A readers' stories feed (site-wide, or one post's), as Atom text. Cached and
 * tagged like the lists, so moderation invalidates it with them and a feed
 * reader's poll never reaches the database. Undefined for a slug that names no
 * post taking reader links.
 */
export async function cachedLinksFeed(postSlug?: string): Promise<string | undefined> {
  'use cache: remote'
  cacheLife('max')
  cacheTag(readerLinksTags.all, ...(postSlug ? [readerLinksTags.post(postSlug)] : []))
  const posts = await cachedPosts()
  const post = postSlug ? posts.find((p) => p.slug === postSlug && p.readerLinks) : undefined
  if (postSlug && !post) return undefined
  const { db } = await getDatabase()
  const links = await approvedLinksForFeed(db, { postSlug, limit: LINKS_FEED_LIMIT })
  return buildLinksFeed({
    links,
    postTitles: new Map(posts.map((p) => [p.slug, p.title])),
    siteUrl: siteUrl(),
    post: post && { slug: post.slug, title: post.title },
  })
}
