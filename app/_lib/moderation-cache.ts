import { revalidatePath, updateTag } from 'next/cache'
import type { ModerationResult } from '@/lib/moderation/moderate'
import { cachedAllApprovedLinks, cachedApprovedLinks, readerLinksTags } from './reader-links'

/**
 * What every moderation change does to the caches, from /admin or a one-click
 * link: server actions only (updateTag). Read-your-own-writes: the next view of
 * each affected post reads the database again.
 */
export async function invalidateAfterModeration(result: ModerationResult): Promise<void> {
  for (const slug of result.publicSlugs) updateTag(readerLinksTags.post(slug))
  if (result.publicSlugs.length > 0) {
    updateTag(readerLinksTags.all)
    // Refill the lists now. A page view that was already reading the old list
    // when this ran would otherwise be shared with the next view (Next joins an
    // in-flight cache fill), and that view would show the old list once.
    await Promise.all([
      ...result.publicSlugs.map((slug) => cachedApprovedLinks(slug)),
      cachedAllApprovedLinks(),
    ]).catch((error: unknown) => console.error('could not refill reader links:', error))
  }
  revalidatePath('/admin')
}
