import { updateTag } from 'next/cache'
import {
  cachedAllApprovedLinks,
  cachedApprovedLinks,
  cachedLinksFeed,
  readerLinksTags,
} from './reader-links'

/**
 * After a change to what the public sees (moderation, or a trusted-domain rule
 * approving a new link), from a server action: the next view of each post reads
 * the database again. The lists and the readers' feeds are refilled now, because a page view that was
 * already reading the old list would otherwise be shared with the next view
 * (Next joins an in-flight cache fill), and that view would show the old list once.
 */
export async function refreshReaderLinks(slugs: string[]): Promise<void> {
  if (slugs.length === 0) return
  for (const slug of slugs) updateTag(readerLinksTags.post(slug))
  updateTag(readerLinksTags.all)
  await Promise.all([
    ...slugs.flatMap((slug) => [cachedApprovedLinks(slug), cachedLinksFeed(slug)]),
    cachedAllApprovedLinks(),
    cachedLinksFeed(),
  ])
    .then(() => undefined)
    .catch((error: unknown) => console.error('could not refill reader links:', error))
}
