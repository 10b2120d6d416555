import { revalidatePath } from 'next/cache'
import type { ModerationResult } from '@/lib/moderation/moderate'
import { refreshReaderLinks } from './refresh-reader-links'

/**
 * What every moderation change does to the caches, from /admin or a one-click
 * link (server actions only: it uses updateTag): the public lists and feeds of
 * the posts it touched are expired and refilled, and /admin renders afresh.
 */
export async function invalidateAfterModeration(result: ModerationResult): Promise<void> {
  await refreshReaderLinks(result.publicSlugs)
  revalidatePath('/admin')
}
