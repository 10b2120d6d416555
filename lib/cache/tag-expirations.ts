/**
 * When each cache tag last expired, as every instance of the app agrees on it.
 *
 * The source of truth is a TagStore (a table in the app's PostgreSQL). Each
 * instance keeps a copy and refreshes it from the store at most once per
 * `minIntervalMs`, so page views do not each query the database: an
 * invalidation made on one instance is seen by the others within that interval
 * (plus one query), and by the instance that made it at once.
 */
export type TagStore = {
  /** Every tag's latest expiration time (ms since the epoch). */
  readAll(): Promise<Iterable<readonly [tag: string, expiredAt: number]>>
  /** Records that `tags` expired at `expiredAt` (never moves a tag's time back). */
  write(tags: readonly string[], expiredAt: number): Promise<void>
}

export type TagExpirations = {
  /** Brings the local copy up to date, unless it was refreshed less than the interval ago. */
  refresh(): Promise<void>
  /** The latest expiration of any of `tags`; 0 when none ever expired. */
  latest(tags: readonly string[]): number
  /** Expires `tags` now, here and in the store. */
  expire(tags: readonly string[]): Promise<void>
}

export type TagExpirationsOptions = {
  minIntervalMs?: number
  now?: () => number
  onError?: (error: unknown) => void
}

const WRITE_ATTEMPTS = 3

export function createTagExpirations(
  store: TagStore,
  {
    minIntervalMs = 500,
    now = Date.now,
    onError = (error) => console.error('cache tags: could not read the shared expirations:', error),
  }: TagExpirationsOptions = {},
): TagExpirations {
  const known = new Map<string, number>()
  let lastRefreshStarted = Number.NEGATIVE_INFINITY
  let inFlight: Promise<void> | undefined

  const remember = (tag: string, at: number) => {
    if (at > (known.get(tag) ?? 0)) known.set(tag, at)
  }

  return {
    refresh() {
      // Requests that arrive while a read is under way share it.
      if (inFlight) return inFlight
      if (now() - lastRefreshStarted < minIntervalMs) return Promise.resolve()
      lastRefreshStarted = now()
      inFlight = store
        .readAll()
        .then((rows) => {
          for (const [tag, at] of rows) remember(tag, at)
        })
        // A database that does not answer must not fail page views: they keep
        // the last known expirations and the next interval tries again.
        .catch((error: unknown) => {
          onError(error)
        })
        .finally(() => {
          inFlight = undefined
        })
      return inFlight
    },

    latest(tags) {
      let latest = 0
      for (const tag of tags) latest = Math.max(latest, known.get(tag) ?? 0)
      return latest
    },

    async expire(tags) {
      const at = now()
      for (const tag of tags) remember(tag, at)
      // The change this invalidation follows was just written to the same
      // database, so a failure here is a blip: try again before giving up.
      for (let attempt = 1; ; attempt++) {
        try {
          return await store.write(tags, at)
        } catch (error) {
          if (attempt >= WRITE_ATTEMPTS) throw error
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
        }
      }
    },
  }
}

/** A store for one process (no database to share with): the local copy is the truth. */
export function memoryTagStore(): TagStore {
  const tags = new Map<string, number>()
  return {
    async readAll() {
      return [...tags]
    },
    async write(list, expiredAt) {
      for (const tag of list) tags.set(tag, Math.max(tags.get(tag) ?? 0, expiredAt))
    },
  }
}
