/**
 * Work that runs outside a moderation action (a link check, a Webmention) can
 * change what the public lists show. lib/ knows nothing of Next's cache, so the
 * app installs a listener here that invalidates the lists' cache tags
 * (app/_lib/public-list-invalidation.ts); scripts run without one.
 */
export type PublicListListener = (postSlugs: string[]) => void | Promise<void>

const holder = globalThis as typeof globalThis & { __rgrPublicListListener?: PublicListListener }

export function setPublicListListener(listener: PublicListListener | undefined): void {
  holder.__rgrPublicListListener = listener
}

export async function publicListsChanged(postSlugs: string[]): Promise<void> {
  if (postSlugs.length === 0) return
  try {
    await holder.__rgrPublicListListener?.([...new Set(postSlugs)])
  } catch (error) {
    // The change is in the database; a cache that misses it refreshes on its own schedule.
    console.error('could not invalidate the public lists:', error)
  }
}
