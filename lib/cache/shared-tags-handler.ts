import { createMemoryEntries, type CacheEntry } from './memory-entries'
import type { TagExpirations } from './tag-expirations'

export type { CacheEntry } from './memory-entries'

/** Next 16's `cacheHandlers` interface (see memory-entries.ts for why it is restated). */
export type CacheHandler = {
  get(cacheKey: string, softTags: string[]): Promise<CacheEntry | undefined>
  set(cacheKey: string, pendingEntry: Promise<CacheEntry>): Promise<void>
  refreshTags(): Promise<void>
  getExpiration(tags: string[]): Promise<number>
  updateTags(tags: string[], durations?: { expire?: number }): Promise<void>
}

export type SharedTagsHandlerOptions = {
  tags: TagExpirations
  /** Memory for the entries of this instance. */
  maxBytes?: number
  now?: () => number
  onError?: (error: unknown) => void
}

/**
 * A cache handler whose entries live in this instance's memory and whose tag
 * invalidations are shared by every instance (through `tags`). An entry is
 * served only while none of its tags expired after it was computed, so an
 * `updateTag` on one instance empties the matching entries on all of them
 * within the tag refresh interval.
 */
export function createSharedTagsHandler({
  tags,
  maxBytes = 50 * 1024 * 1024,
  now = Date.now,
  onError = (error) => console.error('cache tags: could not share an invalidation:', error),
}: SharedTagsHandlerOptions): CacheHandler {
  const entries = createMemoryEntries(maxBytes)
  return {
    async get(cacheKey) {
      const entry = await entries.get(cacheKey)
      if (!entry) return undefined
      // Like Next's own memory handler: past its revalidate time an entry is
      // recomputed rather than served stale (memory is cheap to refill).
      const tooOld = now() > entry.timestamp + entry.revalidate * 1000
      if (tooOld || tags.latest(entry.tags) >= entry.timestamp) {
        entries.delete(cacheKey)
        return undefined
      }
      return entry
    },
    set: (cacheKey, pendingEntry) => entries.set(cacheKey, pendingEntry),
    // Next calls this once per request before its first read of this cache.
    refreshTags: () => tags.refresh(),
    // Soft (implicit) tags: Next compares this with each entry's timestamp itself.
    getExpiration: async (softTags) => tags.latest(softTags),
    // With or without durations (revalidateTag's profiles), an expired tag's
    // entries are recomputed on their next read; this app only uses updateTag.
    updateTags: (expired) => tags.expire(expired).catch(onError),
  }
}
