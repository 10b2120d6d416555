import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { hashIp } from '@/lib/submissions/ip-hash'
import { normalizeSubmittedUrl } from '@/lib/submissions/normalize-url'
import { storeSubmission, type RateLimit } from '@/lib/intake/store'
import { countRows, queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { OTHER_POST, POST, allSubmissions, errorChain } from './support'

const RAW_IP = '203.0.113.77'
const IP_HASH = hashIp(RAW_IP, 'test-salt')
const LIMIT: RateLimit = { max: 3, windowSeconds: 600 }

function submission(url: string, overrides: Partial<Parameters<typeof storeSubmission>[1]> = {}) {
  return {
    url,
    normalizedUrl: normalizeSubmittedUrl(url),
    title: 'A title',
    name: 'Ada',
    note: 'A note',
    postSlug: POST,
    ipHash: IP_HASH,
    ...overrides,
  }
}

describe.each(testDatabases)('$name: storeSubmission', ({ open }) => {
  const handle = useTestDatabase(open)

  it('stores a pending row with every column filled as expected', async () => {
    const outcome = await storeSubmission(
      handle.db,
      submission('https://Example.com/Story/?utm_source=feed#top'),
      LIMIT,
    )
    expect(outcome).toEqual({ status: 'received', id: 1, initialStatus: 'pending' })

    const rows = await allSubmissions(handle.db)
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row).toMatchObject({
      id: 1,
      post_slug: POST,
      url: 'https://Example.com/Story/?utm_source=feed#top',
      normalized_url: 'https://example.com/Story',
      title: 'A title',
      submitter_name: 'Ada',
      note: 'A note',
      status: 'pending',
      moderated_at: null,
      moderated_by: null,
      ip_hash: IP_HASH,
    })
    expect(row.ip_hash).toMatch(/^[0-9a-f]{64}$/)

    // created_at is the database's "now", give or take a clock tick.
    const [age] = await queryRows<{ seconds: number | string }>(
      handle.db,
      sql`select extract(epoch from now() - created_at)::float8 as seconds from submissions`,
    )
    expect(Number(age?.seconds)).toBeGreaterThanOrEqual(0)
    expect(Number(age?.seconds)).toBeLessThan(30)

    // One rate-limit hit, keyed by the hash; the raw IP is nowhere in either table.
    const hits = await queryRows<{ ip_hash: string }>(handle.db, sql`select * from rate_limit_hits`)
    expect(hits).toEqual([expect.objectContaining({ ip_hash: IP_HASH })])
    const everything = JSON.stringify([rows, hits])
    expect(everything).not.toContain(RAW_IP)
    expect(everything).not.toContain('203.0.113')
  })

  it('keeps one row per post and normalised URL, and reports the rest as duplicates', async () => {
    const first = await storeSubmission(handle.db, submission('https://example.com/story'), LIMIT)
    const again = await storeSubmission(
      handle.db,
      submission('HTTPS://EXAMPLE.COM:443/story/?utm_source=x#frag', {
        title: 'Another title',
        ipHash: 'someone-else',
      }),
      LIMIT,
    )
    const otherPost = await storeSubmission(
      handle.db,
      submission('https://example.com/story', { postSlug: OTHER_POST }),
      LIMIT,
    )

    expect(first.status).toBe('received')
    expect(again).toEqual({ status: 'duplicate' })
    expect(otherPost.status).toBe('received')

    const rows = await allSubmissions(handle.db)
    expect(rows.map((r) => [r.post_slug, r.normalized_url, r.title])).toEqual([
      [POST, 'https://example.com/story', 'A title'],
      [OTHER_POST, 'https://example.com/story', 'A title'],
    ])
  })

  it('refuses the attempt after the limit, writes nothing for it, and spares other clients', async () => {
    for (let i = 0; i < LIMIT.max; i++) {
      const outcome = await storeSubmission(
        handle.db,
        submission(`https://example.com/${i}`),
        LIMIT,
      )
      expect(outcome.status).toBe('received')
    }
    const refused = await storeSubmission(handle.db, submission('https://example.com/4th'), LIMIT)
    expect(refused.status).toBe('rate-limited')
    if (refused.status !== 'rate-limited') return
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(LIMIT.windowSeconds)
    expect(Number.isInteger(refused.retryAfterSeconds)).toBe(true)

    expect(await countRows(handle.db, 'submissions')).toBe(LIMIT.max)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(LIMIT.max)
    expect(await countRows(handle.db, 'submissions', sql`url = 'https://example.com/4th'`)).toBe(0)

    // A duplicate counts as an attempt too, so it is refused the same way.
    const duplicate = await storeSubmission(handle.db, submission('https://example.com/0'), LIMIT)
    expect(duplicate.status).toBe('rate-limited')

    const other = await storeSubmission(
      handle.db,
      submission('https://example.com/4th', { ipHash: 'another-client' }),
      LIMIT,
    )
    expect(other.status).toBe('received')
    expect(await countRows(handle.db, 'submissions')).toBe(LIMIT.max + 1)
    expect(await countRows(handle.db, 'rate_limit_hits', sql`ip_hash = 'another-client'`)).toBe(1)
  })

  it('counts a retry-after from the oldest hit still inside the window', async () => {
    await handle.db.execute(sql`
      insert into rate_limit_hits (ip_hash, created_at)
      select ${IP_HASH}, now() - interval '5 minutes' from generate_series(1, 3)`)
    const refused = await storeSubmission(handle.db, submission('https://example.com/a'), LIMIT)
    expect(refused.status).toBe('rate-limited')
    if (refused.status !== 'rate-limited') return
    // 600 s window, oldest hit 300 s ago: about 300 s to wait.
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(290)
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(301)
  })

  it('ignores and prunes hits older than the window', async () => {
    await handle.db.execute(sql`
      insert into rate_limit_hits (ip_hash, created_at)
      select h, now() - interval '20 minutes'
      from unnest(array[${IP_HASH}, ${IP_HASH}, ${IP_HASH}, ${IP_HASH}, 'other-client']) as h`)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(5)

    for (let i = 0; i < LIMIT.max; i++) {
      const outcome = await storeSubmission(
        handle.db,
        submission(`https://example.com/${i}`),
        LIMIT,
      )
      expect(outcome.status).toBe('received')
    }
    // Every stale hit is gone (whoever it belonged to); only this window's remain.
    expect(
      await countRows(
        handle.db,
        'rate_limit_hits',
        sql`created_at < now() - interval '10 minutes'`,
      ),
    ).toBe(0)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(LIMIT.max)

    const refused = await storeSubmission(handle.db, submission('https://example.com/x'), LIMIT)
    expect(refused.status).toBe('rate-limited')
  })

  it.each([
    { column: 'title', constraint: 'submissions_title_length', value: { title: 't'.repeat(201) } },
    { column: 'name', constraint: 'submissions_name_length', value: { name: 'n'.repeat(81) } },
    { column: 'note', constraint: 'submissions_note_length', value: { note: 'n'.repeat(501) } },
    {
      column: 'url',
      constraint: 'submissions_url_length',
      value: { url: `https://example.com/${'u'.repeat(2030)}` },
    },
  ])(
    'the check constraint rejects an over-long $column and the transaction leaves no row behind',
    async ({ constraint, value }) => {
      const input = { ...submission('https://example.com/too-long'), ...value }
      const error = await storeSubmission(handle.db, input, LIMIT).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(Error)
      expect(errorChain(error)).toContain(constraint)
      // The rate-limit hit was inserted first, in the same transaction: it is rolled back too.
      expect(await countRows(handle.db, 'submissions')).toBe(0)
      expect(await countRows(handle.db, 'rate_limit_hits')).toBe(0)

      // At the limit exactly (counted in characters, as the database does) it is accepted.
      const fits = await storeSubmission(
        handle.db,
        submission('https://example.com/fits', { title: '😀'.repeat(200), name: 'é'.repeat(80) }),
        LIMIT,
      )
      expect(fits.status).toBe('received')
    },
  )
})
