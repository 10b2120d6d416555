import { describe, expect, it } from 'vitest'
import { postgresTagStore } from '@/lib/cache/postgres-tag-store'
import { createTagExpirations } from '@/lib/cache/tag-expirations'
import { testDatabases, useTestDatabase } from '../support/test-databases'

describe.each(testDatabases)('$name: cache tag expirations in the database', ({ open }) => {
  const handle = useTestDatabase(open)

  it('stores the latest expiration of each tag', async () => {
    const store = postgresTagStore(handle.db)
    expect([...(await store.readAll())]).toEqual([])
    await store.write(['reader-links', 'reader-links:a', 'reader-links'], 1_000)
    await store.write(['reader-links:a'], 500)
    await store.write(['reader-links'], 2_000)
    expect(new Map(await store.readAll())).toEqual(
      new Map([
        ['reader-links', 2_000],
        ['reader-links:a', 1_000],
      ]),
    )
  })

  it('lets one instance see what another expired', async () => {
    const a = createTagExpirations(postgresTagStore(handle.db), { minIntervalMs: 0 })
    const b = createTagExpirations(postgresTagStore(handle.db), { minIntervalMs: 0 })
    await a.expire(['reader-links:post'])
    await b.refresh()
    expect(b.latest(['reader-links:post'])).toBe(a.latest(['reader-links:post']))
    expect(b.latest(['reader-links:post'])).toBeGreaterThan(0)
  })
})
