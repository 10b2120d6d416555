import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { MESSAGES } from '@/lib/submissions/form-state'
import type { LinkFormState } from '@/lib/submissions/form-state'
import { submitLink } from '@/lib/intake/form'
import { CAPACITY } from '../support/capacity'
import { countRows, queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { allSubmissions, context, form } from './support'

/** Ten spellings of one link that all normalise to `https://site<i>.example.com/stories/post-<i>`. */
function spellings(i: number): string[] {
  const host = `site${i}.example.com`
  const path = `/stories/post-${i}`
  return [
    `https://${host}${path}`,
    `HTTPS://${host.toUpperCase()}${path}`,
    `https://${host}${path}/`,
    `https://${host}${path}?utm_source=twitter`,
    `https://${host}${path}#comments`,
    `https://${host}:443${path}`,
    `Https://Site${i}.Example.com${path}/?utm_source=x&utm_medium=y#top`,
    `https://${host}${path}?utm_campaign=spring&fbclid=abc`,
    `https://${host.toUpperCase()}:443${path}/#`,
    `https://${host}${path}/?`,
  ]
}

/** A fixed pseudo-random order, so the spellings of one link race each other. */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const tally = (states: LinkFormState[]) => ({
  received: states.filter((s) => s.message === MESSAGES.received).length,
  duplicate: states.filter((s) => s.message === MESSAGES.duplicateWaiting).length,
  errors: states.filter((s) => s.status === 'error').map((s) => s.message),
})

/** 1,000 links from 100 clients at the bench's size (TEST_CAPACITY); 200 from 20 in `npm test`. */
const LINKS = CAPACITY ? 1_000 : 200
const CLIENTS = LINKS / 10

describe.each(testDatabases)('$name: concurrent submissions', ({ open }) => {
  const handle = useTestDatabase(open) // the Postgres pool at its default size (10)

  it('200 racing submissions of 20 links in 10 spellings store exactly 20 rows', async () => {
    const jobs = shuffled(
      Array.from({ length: 20 }, (_, i) => spellings(i).map((url) => ({ i, url }))).flat(),
    )
    expect(jobs).toHaveLength(200)
    const failures: unknown[] = []
    const states = await Promise.all(
      jobs.map(({ url }, k) =>
        submitLink(
          form({ url }),
          context(handle.db, { ipHash: `client-${k}`, onError: (e) => failures.push(e) }),
        ),
      ),
    )

    expect(failures).toEqual([])
    expect(tally(states)).toEqual({ received: 20, duplicate: 180, errors: [] })
    expect(states.every((s) => s.status === 'success')).toBe(true)

    const rows = await allSubmissions(handle.db)
    expect(rows).toHaveLength(20)
    expect(rows.map((r) => r.normalized_url).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `https://site${i}.example.com/stories/post-${i}`).sort(),
    )
    // Each stored row keeps the spelling of whichever submission won its race.
    for (const row of rows) {
      const i = Number(/post-(\d+)$/.exec(row.normalized_url)?.[1])
      expect(spellings(i)).toContain(row.url)
    }
    // Every attempt counted against its own client, duplicates included.
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(200)
  })

  it(`${LINKS.toLocaleString('en')} concurrent distinct links: every received one is stored exactly once`, async () => {
    const failures: unknown[] = []
    // Clients sending 10 links each, with a limit of exactly 10 per client.
    const states = await Promise.all(
      Array.from({ length: LINKS }, (_, k) =>
        submitLink(
          form({ url: `https://example.com/stories/${k}`, title: `Story ${k}` }),
          context(handle.db, {
            ipHash: `client-${k % CLIENTS}`,
            rateLimit: { max: 10, windowSeconds: 600 },
            onError: (e) => failures.push(e),
          }),
        ),
      ),
    )

    expect(failures).toEqual([])
    const { received, errors } = tally(states)
    expect(errors).toEqual([])
    expect(received).toBe(LINKS)
    expect(await countRows(handle.db, 'submissions')).toBe(received)
    const [distinct] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(distinct url)::int as n from submissions`,
    )
    expect(distinct?.n).toBe(LINKS)
    const perClient = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from rate_limit_hits group by ip_hash`,
    )
    expect(perClient).toHaveLength(CLIENTS)
    expect(perClient.every((r) => r.n === 10)).toBe(true)
  })

  it('concurrent submissions all pruning the same stale hits neither fail nor deadlock', async () => {
    // Every submission deletes every expired hit (of any client) in its transaction.
    await handle.db.execute(sql`
      insert into rate_limit_hits (ip_hash, created_at)
      select 'old-' || g, now() - interval '1 hour' - g * interval '1 second'
      from generate_series(1, 300) g`)
    const failures: unknown[] = []
    const states = await Promise.all(
      Array.from({ length: 100 }, (_, k) =>
        submitLink(
          form({ url: `https://example.com/prune/${k}` }),
          context(handle.db, { ipHash: `fresh-${k}`, onError: (e) => failures.push(e) }),
        ),
      ),
    )
    expect(failures).toEqual([])
    expect(tally(states)).toEqual({ received: 100, duplicate: 0, errors: [] })
    expect(await countRows(handle.db, 'rate_limit_hits', sql`ip_hash like 'old-%'`)).toBe(0)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(100)
    expect(await countRows(handle.db, 'submissions')).toBe(100)
  })

  it('the rate limit is exact under a burst from one client', async () => {
    const states = await Promise.all(
      Array.from({ length: 40 }, (_, k) =>
        submitLink(
          form({ url: `https://example.com/burst/${k}` }),
          context(handle.db, { ipHash: 'bursty', rateLimit: { max: 5, windowSeconds: 600 } }),
        ),
      ),
    )
    const { received, errors } = tally(states)
    expect(received).toBe(5)
    expect(errors).toHaveLength(35)
    expect(new Set(errors)).toEqual(new Set([MESSAGES.rateLimited(600)]))
    expect(await countRows(handle.db, 'submissions')).toBe(5)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(5)
  })
})
