import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { editDetails, moderate } from '@/lib/moderation/moderate'
import { MESSAGES } from '@/lib/submissions/form-state'
import { approvedLinksForFeed } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { OTHER_POST, POST, context, form } from './support'

describe.each(testDatabases)('$name: reader links for the feeds', ({ open }) => {
  const handle = useTestDatabase(open)

  /** Sends a link through the real submission path and returns its id. */
  async function send(url: string, post = POST): Promise<number> {
    const state = await submitLink(
      form({ postSlug: post, url, title: `Title of ${url}` }),
      context(handle.db),
    )
    expect(state.message).toBe(MESSAGES.received)
    const [row] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from submissions where url = ${url}`,
    )
    return Number(row!.id)
  }

  /** Approves through moderation, then dates the approval minutes ago. */
  async function approve(id: number, minutesAgo: number) {
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author' })
    await handle.db.execute(sql`
      update submissions set approved_at = now() - make_interval(mins => ${minutesAgo})
      where id = ${id}`)
  }

  it('lists approved links newest approval first, site-wide or for one post', async () => {
    const first = await send('https://a.example.com/first')
    const second = await send('https://b.example.com/second')
    const other = await send('https://c.example.com/other', OTHER_POST)
    await send('https://d.example.com/pending')
    // Sent first but approved last: the feed orders by approval, not by submission.
    await approve(second, 30)
    await approve(other, 20)
    await approve(first, 10)

    const all = await approvedLinksForFeed(handle.db, { limit: 50 })
    expect(all.map((l) => l.id)).toEqual([first, other, second])
    expect(all[0]).toMatchObject({ host: 'a.example.com', postSlug: POST })
    expect(all.every((l) => l.approvedAt instanceof Date)).toBe(true)
    const times = all.map((l) => l.approvedAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))

    const one = await approvedLinksForFeed(handle.db, { postSlug: POST, limit: 50 })
    expect(one.map((l) => l.id)).toEqual([first, second])
    expect(await approvedLinksForFeed(handle.db, { limit: 1 })).toHaveLength(1)
  })

  it('drops a link once it is rejected, and an edit does not move its approval date', async () => {
    const kept = await send('https://kept.example.com/')
    const dropped = await send('https://dropped.example.com/')
    await approve(kept, 5)
    await approve(dropped, 1)
    const before = await approvedLinksForFeed(handle.db, { limit: 50 })
    expect(before.map((l) => l.id)).toEqual([dropped, kept])

    await moderate(handle.db, { ids: [dropped], action: 'reject', by: 'author' })
    await editDetails(handle.db, { id: kept, by: 'author', edits: { title: 'Better title' } })
    const after = await approvedLinksForFeed(handle.db, { limit: 50 })
    expect(after.map((l) => [l.id, l.title])).toEqual([[kept, 'Better title']])
    expect(after[0]!.approvedAt.getTime()).toBe(before[1]!.approvedAt.getTime())
  })

  it('dates links approved before approved_at existed by their moderation', async () => {
    const old = await send('https://old.example.com/')
    await handle.db.execute(sql`
      update submissions set status = 'approved', approved_at = null,
        moderated_at = '2025-05-06T07:08:09Z' where id = ${old}`)
    const [link] = await approvedLinksForFeed(handle.db, { limit: 50 })
    expect(link?.approvedAt.toISOString()).toBe('2025-05-06T07:08:09.000Z')
  })
})
