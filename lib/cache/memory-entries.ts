/**
 * The entries of a cache handler, kept in this process's memory, bounded in
 * bytes (least recently used go first). Shapes follow Next's cache handler
 * interface (next/dist/server/lib/cache-handlers/types), restated here so lib/
 * does not import Next.
 */
export type CacheEntry = {
  value: ReadableStream<Uint8Array>
  tags: string[]
  stale: number
  /** When the value started to be computed (ms since the epoch). */
  timestamp: number
  /** Seconds after `timestamp` the entry may no longer be used. */
  expire: number
  /** Seconds after `timestamp` the entry should be recomputed. */
  revalidate: number
}

type Stored = { meta: Omit<CacheEntry, 'value'>; bytes: Uint8Array }

export type MemoryEntries = {
  /** The stored entry (a new stream each time), after any pending `set` of the same key. */
  get(key: string): Promise<CacheEntry | undefined>
  set(key: string, pending: Promise<CacheEntry>): Promise<void>
  delete(key: string): void
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}

export function createMemoryEntries(maxBytes: number): MemoryEntries {
  // A Map iterates in insertion order: re-inserting on use keeps the least
  // recently used entry first.
  const entries = new Map<string, Stored>()
  const pending = new Map<string, Promise<void>>()
  let total = 0

  const remove = (key: string) => {
    const stored = entries.get(key)
    if (!stored) return
    total -= stored.bytes.byteLength + key.length
    entries.delete(key)
  }

  return {
    async get(key) {
      await pending.get(key)
      const stored = entries.get(key)
      if (!stored) return undefined
      entries.delete(key)
      entries.set(key, stored)
      return { ...stored.meta, value: streamOf(stored.bytes) }
    },

    async set(key, pendingEntry) {
      let done = () => {}
      const settled = new Promise<void>((resolve) => (done = resolve))
      pending.set(key, settled)
      try {
        const { value, ...meta } = await pendingEntry
        // expire 0 means "never serve from the cache": storing it is waste.
        if (meta.expire === 0) return
        const bytes = new Uint8Array(await new Response(value).arrayBuffer())
        const size = bytes.byteLength + key.length
        remove(key)
        if (size > maxBytes) return
        entries.set(key, { meta, bytes })
        total += size
        for (const oldest of entries.keys()) {
          if (total <= maxBytes) break
          remove(oldest)
        }
      } catch {
        // A value that failed to compute is not stored; the next read computes it again.
      } finally {
        if (pending.get(key) === settled) pending.delete(key)
        done()
      }
    },

    delete: remove,
  }
}
