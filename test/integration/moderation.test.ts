import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { deleteSubmissions, editDetails, moderate } from '@/lib/moderation/moderate'
import { listQueue, postsWithSubmissions, statusCounts, decodeCursor } from '@/lib/moderation/queue'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'

const POST = 'writing-about-failures'

describe.each(testDatabases)('$name: moderation', ({ open }) => {
  const handle = useTestDatabase(open)

  /** Inserts rows with given statuses; created_at one second apart, oldest first. */
  async function seed(statuses: string[], post = POST): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into submissions (post_slug, url, normalized_url, title, status, created_at, ip_hash)
          select ${post}, 'https://s.example.com/' || g || '-' || ${post}, 'https://s.example.com/' || g || '-' || ${post},
                 'Story ' || g, (${sql.raw(`array[${statuses.map((s) => `'${s}'`).join(',')}]::submission_status[]`)})[g],
                 now() - interval '1 hour' + g * interval '1 second', 'h'
          from generate_series(1, ${statuses.length}) g
          returning id`,
    )
    return rows.map((r) => Number(r.id))
  }

  const statusOf = async (id: number) =>
    (
      await queryRows<{ status: string }>(
        handle.db,
        sql`select status from submissions where id = ${id}`,
      )
    )[0]?.status

  it('approves, records who and when, and reports the post whose public list changed', async () => {
    const [id] = await seed(['pending'])
    const result = await moderate(handle.db, {
      ids: [id!],
      action: 'approve',
      by: 'email:author@example.com',
    })
    expect(result).toEqual({ changed: 1, publicSlugs: [POST] })
    const [row] = await queryRows<{ status: string; moderated_by: string; moderated_at: unknown }>(
      handle.db,
      sql`select status, moderated_by, moderated_at from submissions where id = ${id!}`,
    )
    expect(row?.status).toBe('approved')
    expect(row?.moderated_by).toBe('email:author@example.com')
    expect(row?.moderated_at).not.toBeNull()
    expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.id)).toEqual([id])
  })

  it('applies title and name edits in the same step as the approval', async () => {
    const [id] = await seed(['pending'])
    await moderate(handle.db, {
      ids: [id!],
      action: 'approve',
      by: 'a',
      edits: { title: 'Edited title', name: null },
    })
    const [link] = await approvedLinksForPost(handle.db, POST)
    expect(link?.title).toBe('Edited title')
    expect(link?.submitterName).toBeNull()
  })

  it('leaves rows whose status does not allow the move untouched', async () => {
    const [spam, pending] = await seed(['spam', 'pending'])
    const result = await moderate(handle.db, { ids: [spam!, pending!], action: 'approve', by: 'a' })
    expect(result.changed).toBe(1)
    expect(await statusOf(spam!)).toBe('spam')
    expect(await statusOf(pending!)).toBe('approved')
  })

  it('takes back an approval (public change) and rescues spam to pending (no public change)', async () => {
    const [approved, spam] = await seed(['approved', 'spam'])
    expect(await moderate(handle.db, { ids: [approved!], action: 'pending', by: 'a' })).toEqual({
      changed: 1,
      publicSlugs: [POST],
    })
    expect(await moderate(handle.db, { ids: [spam!], action: 'pending', by: 'a' })).toEqual({
      changed: 1,
      publicSlugs: [],
    })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
  })

  it('bulk-approves across posts and names each affected post once', async () => {
    const a = await seed(['pending', 'pending'])
    const b = await seed(['pending'], 'other-post')
    const result = await moderate(handle.db, { ids: [...a, ...b], action: 'approve', by: 'a' })
    expect(result.changed).toBe(3)
    expect(result.publicSlugs.sort()).toEqual(['other-post', POST])
  })

  it('edits an approved row in place and deletes rows', async () => {
    const [approved, pending] = await seed(['approved', 'pending'])
    expect(
      await editDetails(handle.db, { id: approved!, by: 'a', edits: { title: 'New' } }),
    ).toEqual({
      changed: 1,
      publicSlugs: [POST],
    })
    expect((await approvedLinksForPost(handle.db, POST))[0]?.title).toBe('New')
    expect(await deleteSubmissions(handle.db, { ids: [approved!, pending!], by: 'a' })).toEqual({
      changed: 2,
      publicSlugs: [POST],
      ids: [approved!, pending!],
    })
    // Soft delete: the rows stay (restorable), but leave the queue and the public list.
    expect(await statusOf(pending!)).toBe('pending')
    expect((await listQueue(handle.db, {}, { limit: 10 })).rows).toEqual([])
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
  })

  it('counts per status, optionally for one post, and lists posts with submissions', async () => {
    await seed(['pending', 'pending', 'approved', 'spam'])
    await seed(['rejected'], 'other-post')
    expect(await statusCounts(handle.db, {})).toEqual({
      pending: 2,
      approved: 1,
      rejected: 1,
      spam: 1,
    })
    expect(await statusCounts(handle.db, { postSlug: 'other-post' })).toEqual({
      pending: 0,
      approved: 0,
      rejected: 1,
      spam: 0,
    })
    expect(await postsWithSubmissions(handle.db)).toEqual(['other-post', POST])
  })

  it('lists pending first, oldest first, and pages forwards and back without gaps or repeats', async () => {
    const statuses = Array.from({ length: 23 }, (_, i) => (i % 3 === 0 ? 'approved' : 'pending'))
    const ids = await seed(statuses)
    // Rows created in the same microsecond must still page correctly: give two the same time.
    await handle.db.execute(
      sql`update submissions set created_at = (select created_at from submissions where id = ${ids[1]!}) where id = ${ids[2]!}`,
    )
    const expected = [
      ...ids.filter((_, i) => statuses[i] === 'pending'),
      ...ids.filter((_, i) => statuses[i] === 'approved'),
    ]
    const seen: number[] = []
    const pages: { after?: string; before?: string; first: number }[] = []
    let after: string | undefined
    do {
      const page = await listQueue(handle.db, {}, { after: decodeCursor(after), limit: 5 })
      seen.push(...page.rows.map((r) => r.id))
      pages.push({ after: page.after, before: page.before, first: page.rows[0]!.id })
      after = page.after
    } while (after)
    expect(seen).toEqual(expected)
    expect(pages).toHaveLength(5)
    expect(pages[0]?.before).toBeUndefined()
    expect(pages[4]?.after).toBeUndefined()

    // Back from the last page: the previous page is the fourth one.
    const last = await listQueue(handle.db, {}, { after: decodeCursor(pages[3]!.after), limit: 5 })
    const previous = await listQueue(handle.db, {}, { before: decodeCursor(last.before), limit: 5 })
    expect(previous.rows.map((r) => r.id)).toEqual(expected.slice(15, 20))
    expect(previous.after).toBeDefined()
  })

  it('filters the queue by status and by post', async () => {
    await seed(['pending', 'spam', 'spam'])
    await seed(['spam'], 'other-post')
    const spam = await listQueue(handle.db, { status: 'spam' }, { limit: 10 })
    expect(spam.rows.map((r) => r.status)).toEqual(['spam', 'spam', 'spam'])
    const spamHere = await listQueue(handle.db, { status: 'spam', postSlug: POST }, { limit: 10 })
    expect(spamHere.rows).toHaveLength(2)
    expect(spamHere.rows.every((r) => r.postSlug === POST)).toBe(true)
  })
})
