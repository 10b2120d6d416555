import { describe, expect, it } from 'vitest'
import { createSharedTagsHandler, type CacheEntry } from '@/lib/cache/shared-tags-handler'
import { createTagExpirations, memoryTagStore, type TagStore } from '@/lib/cache/tag-expirations'

/** A shared store that counts its reads, standing in for the database. */
function countingStore(): TagStore & { reads: number; fail: boolean } {
  const inner = memoryTagStore()
  const store = {
    reads: 0,
    fail: false,
    async readAll() {
      store.reads++
      if (store.fail) throw new Error('database down')
      return inner.readAll()
    },
    write: (tags: readonly string[], at: number) => inner.write(tags, at),
  }
  return store
}

function clock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

function entry(text: string, tags: string[], timestamp: number): CacheEntry {
  return {
    value: new Response(text).body as ReadableStream<Uint8Array>,
    tags,
    stale: 300,
    timestamp,
    expire: 31_536_000,
    revalidate: 31_536_000,
  }
}

const text = async (e: CacheEntry | undefined) => (e ? new Response(e.value).text() : undefined)

describe('tag expirations shared through a store', () => {
  it('reads the store at most once per interval, however many requests refresh', async () => {
    const store = countingStore()
    const time = clock()
    const tags = createTagExpirations(store, { minIntervalMs: 500, now: time.now })
    await Promise.all(Array.from({ length: 50 }, () => tags.refresh()))
    expect(store.reads).toBe(1)
    time.advance(499)
    await tags.refresh()
    expect(store.reads).toBe(1)
    time.advance(1)
    await tags.refresh()
    expect(store.reads).toBe(2)
  })

  it('sees an expiration written by another instance after its next refresh', async () => {
    const store = countingStore()
    const time = clock()
    const a = createTagExpirations(store, { now: time.now })
    const b = createTagExpirations(store, { now: time.now })
    await b.refresh()
    await a.expire(['reader-links:post'])
    expect(a.latest(['reader-links:post'])).toBe(time.now())
    expect(b.latest(['reader-links:post'])).toBe(0)
    time.advance(500)
    await b.refresh()
    expect(b.latest(['other', 'reader-links:post'])).toBe(time.now() - 500)
  })

  it('keeps the last known expirations when the store cannot be read', async () => {
    const store = countingStore()
    const time = clock()
    const errors: unknown[] = []
    const tags = createTagExpirations(store, { now: time.now, onError: (e) => errors.push(e) })
    await tags.expire(['t'])
    store.fail = true
    time.advance(600)
    await expect(tags.refresh()).resolves.toBeUndefined()
    expect(errors).toHaveLength(1)
    expect(tags.latest(['t'])).toBe(time.now() - 600)
  })

  it('never moves a tag back in time', async () => {
    const store = memoryTagStore()
    await store.write(['t'], 20)
    await store.write(['t'], 10)
    expect([...(await store.readAll())]).toEqual([['t', 20]])
  })

  it('retries a failed write, then reports it', async () => {
    let attempts = 0
    const flaky: TagStore = {
      readAll: async () => [],
      write: async () => {
        attempts++
        if (attempts < 3) throw new Error('blip')
      },
    }
    await createTagExpirations(flaky).expire(['t'])
    expect(attempts).toBe(3)
    const broken: TagStore = {
      readAll: async () => [],
      write: async () => Promise.reject(new Error('down')),
    }
    await expect(createTagExpirations(broken).expire(['t'])).rejects.toThrow('down')
  })
})

describe('a cache handler with entries in memory and tags shared', () => {
  function twoInstances() {
    const store = countingStore()
    const time = clock()
    const make = () =>
      createSharedTagsHandler({
        tags: createTagExpirations(store, { now: time.now }),
        now: time.now,
        onError: () => {},
      })
    return { store, time, a: make(), b: make() }
  }

  it('serves an entry until one of its tags expires on any instance', async () => {
    const { time, a, b } = twoInstances()
    await b.refreshTags()
    await b.set('links', Promise.resolve(entry('old list', ['reader-links'], time.now())))
    time.advance(10)
    expect(await text(await b.get('links', []))).toBe('old list')
    expect(await text(await b.get('links', []))).toBe('old list')

    await a.updateTags(['reader-links'])
    // Until B refreshes (at most the interval later) it still has the old list...
    await b.refreshTags()
    expect(await text(await b.get('links', []))).toBe('old list')
    time.advance(500)
    await b.refreshTags()
    // ...and then it computes it again.
    expect(await b.get('links', [])).toBeUndefined()

    await b.set('links', Promise.resolve(entry('new list', ['reader-links'], time.now())))
    expect(await text(await b.get('links', []))).toBe('new list')
  })

  it('reports expirations of soft tags for Next to compare', async () => {
    const { time, a } = twoInstances()
    expect(await a.getExpiration(['_N_T_/links'])).toBe(0)
    await a.updateTags(['_N_T_/links'])
    expect(await a.getExpiration(['_N_T_/links', 'x'])).toBe(time.now())
  })

  it('waits for a pending set of the same key', async () => {
    const { time, a } = twoInstances()
    let resolve: (e: CacheEntry) => void = () => {}
    const setting = a.set('k', new Promise<CacheEntry>((r) => (resolve = r)))
    const reading = a.get('k', [])
    resolve(entry('value', [], time.now()))
    await setting
    expect(await text(await reading)).toBe('value')
  })

  it('does not keep entries past their revalidate time, nor ones never to be reused', async () => {
    const { time, a } = twoInstances()
    await a.set('short', Promise.resolve({ ...entry('v', [], time.now()), revalidate: 1 }))
    await a.set('dynamic', Promise.resolve({ ...entry('v', [], time.now()), expire: 0 }))
    expect(await a.get('dynamic', [])).toBeUndefined()
    expect(await text(await a.get('short', []))).toBe('v')
    time.advance(1001)
    expect(await a.get('short', [])).toBeUndefined()
  })

  it('evicts the least recently used entries beyond its memory budget', async () => {
    const time = clock()
    const handler = createSharedTagsHandler({
      tags: createTagExpirations(memoryTagStore(), { now: time.now }),
      maxBytes: 30,
      now: time.now,
    })
    await handler.set('a', Promise.resolve(entry('1234567890', [], time.now())))
    await handler.set('b', Promise.resolve(entry('1234567890', [], time.now())))
    await handler.get('a', [])
    await handler.set('c', Promise.resolve(entry('1234567890', [], time.now())))
    expect(await handler.get('b', [])).toBeUndefined()
    expect(await text(await handler.get('a', []))).toBe('1234567890')
    expect(await text(await handler.get('c', []))).toBe('1234567890')
  })
})
