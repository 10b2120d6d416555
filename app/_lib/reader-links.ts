import { cacheLife, cacheTag } from 'next/cache'
import { getDatabase } from '@/lib/db'
import {
  approvedLinksByPost,
  approvedLinksForPost,
  type PublicLink,
} from '@/lib/submissions/public-list'

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
