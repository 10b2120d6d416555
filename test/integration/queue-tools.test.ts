import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { historyFor } from '@/lib/moderation/audit'
import {
  listDomainRules,
  removeDomainRule,
  ruleFromSubmission,
  setDomainRule,
} from '@/lib/moderation/domain-rules'
import {
  deleteSubmissions,
  editDetails,
  moderate,
  restoreSubmissions,
} from '@/lib/moderation/moderate'
import {
  CSV_COLUMNS,
  exportRecords,
  toByteStream,
  toCsv,
  toJson,
  type ExportRecord,
} from '@/lib/moderation/export'
import { purgeDeletedSubmissions } from '@/lib/moderation/purge'
import { deletedCount, listQueue, statusCounts } from '@/lib/moderation/queue'
import { restorableAmong } from '@/lib/moderation/trash'
import { approvedLinksByPost, approvedLinksForPost } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { MESSAGES } from '@/lib/submissions/form-state'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { POST, allSubmissions, context, form } from './support'

const AUTHOR = 'email:author@example.com'

describe.each(testDatabases)('$name: queue tools', ({ open }) => {
  const handle = useTestDatabase(open)

  /** Sends a link through the whole reader path (validation, rules, insert); returns its row. */
  async function send(url: string, published: string[] = []) {
    const state = await submitLink(
      form({ url }),
      context(handle.db, { onPublished: (slug) => void published.push(slug) }),
    )
    expect(state.status).toBe('success')
    const rows = await allSubmissions(handle.db)
    return rows.find((r) => r.url === url)
  }

  const history = async (id: number) => (await historyFor(handle.db, [id])).get(id) ?? []

  describe('domain rules', () => {
    it('approves the next link from a trusted domain at once, any subdomain, and records the rule', async () => {
      await setDomainRule(handle.db, { domain: 'trusted-blog.co.uk', kind: 'trusted', by: AUTHOR })
      const published: string[] = []
      const row = await send('https://notes.trusted-blog.co.uk/failure', published)
      expect(row).toMatchObject({ status: 'approved', moderated_by: 'trusted-domain rule' })
      expect(row?.moderated_at).not.toBeNull()
      // Public at once: the edge is told to refresh the post's cached list.
      expect(published).toEqual([POST])
      expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.url)).toEqual([
        'https://notes.trusted-blog.co.uk/failure',
      ])
      expect(await history(row!.id)).toMatchObject([
        {
          fromStatus: null,
          toStatus: 'approved',
          via: 'trusted-domain rule',
          actor: null,
          detail: 'trusted-blog.co.uk',
        },
      ])
      // Another domain (even one that ends the same way) still waits for the author.
      const other = await send('https://eviltrusted-blog.co.uk/x', published)
      expect(other?.status).toBe('pending')
      expect(await history(other!.id)).toMatchObject([
        { fromStatus: null, toStatus: 'pending', via: 'form' },
      ])
      expect(published).toEqual([POST])
    })

    it('sends the next link from a blocked domain straight to spam, out of the pending queue', async () => {
      await setDomainRule(handle.db, { domain: 'spam-links.com', kind: 'blocked', by: AUTHOR })
      const published: string[] = []
      const row = await send('https://www.spam-links.com/buy', published)
      expect(row).toMatchObject({ status: 'spam', moderated_by: 'blocked-domain rule' })
      expect(published).toEqual([])
      expect(await history(row!.id)).toMatchObject([
        {
          fromStatus: null,
          toStatus: 'spam',
          via: 'blocked-domain rule',
          detail: 'spam-links.com',
        },
      ])
      expect((await listQueue(handle.db, { status: 'pending' }, { limit: 10 })).rows).toEqual([])
      // The reader is told what anyone is told: nothing reveals the block.
      const state = await submitLink(form({ url: 'https://spam-links.com/2' }), context(handle.db))
      expect(state.message).toBe(MESSAGES.received)
    })

    it('trusts or blocks from a row: the row moves and the next link follows the rule', async () => {
      const first = await send('https://alice.github.io/post-1')
      const trusted = await ruleFromSubmission(handle.db, {
        id: first!.id,
        kind: 'trusted',
        by: AUTHOR,
      })
      // github.io is a public suffix: trusting Alice is not trusting every GitHub Pages site.
      expect(trusted).toMatchObject({ changed: 1, publicSlugs: [POST], domain: 'alice.github.io' })
      expect((await send('https://alice.github.io/post-2'))?.status).toBe('approved')
      expect((await send('https://bob.github.io/post'))?.status).toBe('pending')
      expect(await history(first!.id)).toMatchObject([
        { toStatus: 'pending', via: 'form' },
        {
          fromStatus: 'pending',
          toStatus: 'approved',
          via: 'admin',
          actor: AUTHOR,
          detail: 'trusted alice.github.io',
        },
      ])

      const spam = await send('https://junk-site.net/a')
      const blocked = await ruleFromSubmission(handle.db, {
        id: spam!.id,
        kind: 'blocked',
        by: AUTHOR,
      })
      expect(blocked).toMatchObject({ changed: 1, publicSlugs: [], domain: 'junk-site.net' })
      expect((await allSubmissions(handle.db)).find((r) => r.id === spam!.id)?.status).toBe('spam')
      expect((await send('https://junk-site.net/b'))?.status).toBe('spam')

      // A domain has one rule: blocking a trusted one switches it; removing it ends it.
      await setDomainRule(handle.db, { domain: 'alice.github.io', kind: 'blocked', by: AUTHOR })
      expect((await send('https://alice.github.io/post-3'))?.status).toBe('spam')
      expect(await removeDomainRule(handle.db, 'alice.github.io')).toBe(true)
      expect(await removeDomainRule(handle.db, 'alice.github.io')).toBe(false)
      expect((await send('https://alice.github.io/post-4'))?.status).toBe('pending')
      expect((await listDomainRules(handle.db)).map((r) => [r.kind, r.domain])).toEqual([
        ['blocked', 'junk-site.net'],
      ])
    })
  })

  describe('soft delete and undo', () => {
    it('restores a deleted row exactly, and hides it everywhere public meanwhile', async () => {
      const row = await send('https://kept.example.com/story')
      await moderate(handle.db, {
        ids: [row!.id],
        action: 'approve',
        by: AUTHOR,
        edits: { title: 'Edited title', name: 'Grace' },
      })
      const [before] = await queryRows(
        handle.db,
        sql`select * from submissions where id = ${row!.id}`,
      )

      const deleted = await deleteSubmissions(handle.db, { ids: [row!.id], by: AUTHOR })
      expect(deleted).toEqual({ changed: 1, publicSlugs: [POST], ids: [row!.id] })
      expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
      expect(await approvedLinksByPost(handle.db)).toEqual(new Map())
      expect((await statusCounts(handle.db, {})).approved).toBe(0)
      expect(await deletedCount(handle.db, {})).toBe(1)
      expect((await listQueue(handle.db, {}, { limit: 10 })).rows).toEqual([])
      const trash = await listQueue(handle.db, { deleted: true }, { limit: 10 })
      expect(trash.rows.map((r) => r.id)).toEqual([row!.id])
      expect(trash.rows[0]?.deletedAt).toBeInstanceOf(Date)
      expect(await restorableAmong(handle.db, [row!.id, 999])).toEqual([
        { id: row!.id, url: 'https://kept.example.com/story' },
      ])
      // A deleted row cannot be moderated or edited from a stale page.
      expect(
        (await moderate(handle.db, { ids: [row!.id], action: 'reject', by: AUTHOR })).changed,
      ).toBe(0)
      expect(
        (await editDetails(handle.db, { id: row!.id, by: AUTHOR, edits: { title: 'x' } })).changed,
      ).toBe(0)
      // Sending the same link again is a duplicate: the author's delete stands, and the
      // reader is not promised that it will appear.
      const again = await submitLink(
        form({ url: 'https://kept.example.com/story' }),
        context(handle.db),
      )
      expect(again.message).toBe(MESSAGES.duplicateClosed)
      expect(await allSubmissions(handle.db)).toHaveLength(1)

      const restored = await restoreSubmissions(handle.db, { ids: [row!.id], by: AUTHOR })
      expect(restored).toEqual({ changed: 1, publicSlugs: [POST], ids: [row!.id] })
      const [after] = await queryRows(
        handle.db,
        sql`select * from submissions where id = ${row!.id}`,
      )
      expect(after).toEqual(before)
      expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.title)).toEqual([
        'Edited title',
      ])
      expect(await deletedCount(handle.db, {})).toBe(0)
      // Restoring twice changes nothing.
      expect((await restoreSubmissions(handle.db, { ids: [row!.id], by: AUTHOR })).changed).toBe(0)
    })

    it('refuses to restore after 30 days, and the purge then removes the row and its history', async () => {
      const old = await send('https://old.example.com/a')
      const recent = await send('https://recent.example.com/b')
      const kept = await send('https://kept.example.com/c')
      await deleteSubmissions(handle.db, { ids: [old!.id, recent!.id], by: AUTHOR })
      await handle.db.execute(
        sql`update submissions set deleted_at = now() - interval '31 days' where id = ${old!.id}`,
      )
      await handle.db.execute(
        sql`update submissions set deleted_at = now() - interval '29 days' where id = ${recent!.id}`,
      )
      expect((await restoreSubmissions(handle.db, { ids: [old!.id], by: AUTHOR })).changed).toBe(0)

      expect(await purgeDeletedSubmissions(handle.db, new Date())).toEqual({ purged: 1 })
      const ids = (await allSubmissions(handle.db)).map((r) => r.id)
      expect(ids).toEqual([recent!.id, kept!.id])
      const orphans = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from audit_log where submission_id = ${old!.id}`,
      )
      expect(Number(orphans[0]?.n)).toBe(0)
      // Two days later the other one goes too; a row never deleted stays.
      const later = new Date(Date.now() + 2 * 86_400_000)
      expect(await purgeDeletedSubmissions(handle.db, later)).toEqual({ purged: 1 })
      expect((await allSubmissions(handle.db)).map((r) => r.id)).toEqual([kept!.id])
      // Once purged, the link can be sent again as new.
      expect((await send('https://old.example.com/a'))?.status).toBe('pending')
    })
  })

  it('the audit log lists each change: who, when, from and to, and through what', async () => {
    const row = await send('https://audited.example.com/story')
    const id = row!.id
    await moderate(handle.db, { ids: [id], action: 'approve', by: AUTHOR })
    await editDetails(handle.db, { id, by: AUTHOR, edits: { title: 'New title' } })
    // Saving unchanged values is not a change.
    await editDetails(handle.db, { id, by: AUTHOR, edits: { title: 'New title' } })
    await moderate(handle.db, { ids: [id], action: 'reject', by: 'github:42', via: 'one-click' })
    // Not allowed (spam → approved in one step): no change, no entry.
    await moderate(handle.db, { ids: [id], action: 'spam', by: AUTHOR })
    await moderate(handle.db, { ids: [id], action: 'approve', by: AUTHOR })
    await deleteSubmissions(handle.db, { ids: [id], by: AUTHOR })
    await restoreSubmissions(handle.db, { ids: [id], by: AUTHOR })

    const entries = await history(id)
    expect(entries.map((e) => [e.fromStatus, e.toStatus, e.via, e.actor, e.detail])).toEqual([
      [null, 'pending', 'form', null, null],
      ['pending', 'approved', 'admin', AUTHOR, null],
      ['approved', 'approved', 'admin', AUTHOR, 'title edited'],
      ['approved', 'rejected', 'one-click', 'github:42', null],
      ['rejected', 'spam', 'admin', AUTHOR, null],
      ['spam', 'deleted', 'admin', AUTHOR, null],
      ['deleted', 'spam', 'admin', AUTHOR, null],
    ])
    for (const e of entries) expect(e.at).toBeInstanceOf(Date)
    const times = entries.map((e) => e.at.getTime())
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('writes no audit row when the change itself fails', async () => {
    const row = await send('https://atomic.example.com/story')
    // A title over the database's limit: the update fails, so must its audit row.
    await expect(
      moderate(handle.db, {
        ids: [row!.id],
        action: 'approve',
        by: AUTHOR,
        edits: { title: 'x'.repeat(201) },
      }),
    ).rejects.toThrow()
    expect(await history(row!.id)).toHaveLength(1)
    expect((await allSubmissions(handle.db))[0]?.status).toBe('pending')
  })
  it('exports every submission with its history as JSON and as CSV, deleted ones included, the author by name', async () => {
    const tricky = await submitLink(
      form({
        url: 'https://tricky.example.com/story',
        title: '=HYPERLINK("https://evil.example","click")',
        name: '@admin, "the boss"',
        note: 'line one\nline two, with a comma',
      }),
      context(handle.db),
    )
    expect(tricky.status).toBe('success')
    const plain = await send('https://plain.example.com/story')
    // Recorded under the internal id, as older rows were (issue 21, finding 7).
    await moderate(handle.db, { ids: [1], action: 'approve', by: AUTHOR })
    // Recorded by name, as moderation is now.
    await deleteSubmissions(handle.db, { ids: [plain!.id], by: 'Ada' })
    const authorName = 'Ada Lovelace'

    const read = async (chunks: AsyncIterable<string>) => {
      let text = ''
      const reader = toByteStream(chunks, { chunkBytes: 16 }).getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return text
        text += new TextDecoder().decode(value)
      }
    }
    // A batch size of 1: the keyset paging must neither skip nor repeat a row.
    const jsonText = await read(toJson(exportRecords(handle.db, { authorName, batchSize: 1 })))
    const json = JSON.parse(jsonText) as ExportRecord[]
    expect(json.map((r) => [r.id, r.status, r.deletedAt === null])).toEqual([
      [1, 'approved', true],
      [2, 'pending', false],
    ])
    expect(json[0]).toMatchObject({
      postSlug: POST,
      title: '=HYPERLINK("https://evil.example","click")',
      submitterName: '@admin, "the boss"',
      note: 'line one\nline two, with a comma',
    })
    expect(json[0]).not.toHaveProperty('ipHash')
    expect(json[0]?.history.map((h) => [h.from, h.to, h.via])).toEqual([
      [null, 'pending', 'form'],
      ['pending', 'approved', 'admin'],
    ])
    expect(json[1]?.history.map((h) => h.to)).toEqual(['pending', 'deleted'])
    // The author by AUTHOR_NAME, never by the internal id; a name stays as recorded.
    expect(json[0]?.moderatedBy).toBe(authorName)
    expect(json[0]?.history.map((h) => h.actor)).toEqual([null, authorName])
    expect(json[1]?.history.map((h) => h.actor)).toEqual([null, 'Ada'])
    expect(jsonText).not.toContain('email:')
    expect(await read(toJson(exportRecords(handle.db, { authorName })))).toBe(jsonText)

    const csv = await read(toCsv(exportRecords(handle.db, { authorName, batchSize: 1 })))
    expect(csv).not.toContain('email:')
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe(CSV_COLUMNS.join(','))
    // The header, two rows, and the empty string after the last CRLF.
    expect(lines).toHaveLength(4)
    expect(lines[1]).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`)
    expect(lines[1]).toContain(`"'@admin, ""the boss"""`)
    expect(lines[1]).toContain('"line one\nline two, with a comma"')
    expect(lines[1]).toMatch(
      /,"\S+ new -> pending via form\n\S+ pending -> approved via admin by Ada Lovelace"$/,
    )
    expect(lines[1]).toContain(',Ada Lovelace,')
    expect(lines[2]).toMatch(/^2,writing-about-failures,https:\/\/plain\.example\.com\/story,/)
    expect(lines[2]).toMatch(/ pending -> deleted via admin by Ada"$/)
  })
})
