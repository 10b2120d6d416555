import { createHmac } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { historyFor } from '@/lib/moderation/audit'
import { ruleFromSubmission, setDomainRule, listDomainRules } from '@/lib/moderation/domain-rules'
import {
  applyChange,
  changeVisibility,
  deleteSubmissions,
  moderate,
  type MoveResult,
} from '@/lib/moderation/moderate'
import { decodeCursor, listQueue } from '@/lib/moderation/queue'
import { applyUndo, openUndo, sealUndo, type UndoPlan } from '@/lib/moderation/undo'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { POST } from './support'

const AUTHOR = 'Test Author'
const SECRET = 'test-only-secret-for-undo-plans'

describe.each(testDatabases)('$name: undo and search in the queue', ({ open }) => {
  const handle = useTestDatabase(open)

  /** Inserts rows (oldest first, a second apart) and returns their ids. */
  async function seed(
    rows: { url: string; title?: string; name?: string; status?: string }[],
  ): Promise<number[]> {
    const ids: number[] = []
    for (const [i, r] of rows.entries()) {
      const [row] = await queryRows<{ id: number }>(
        handle.db,
        sql`insert into submissions (post_slug, url, normalized_url, title, submitter_name, status, created_at, ip_hash)
            values (${POST}, ${r.url}, ${r.url}, ${r.title ?? null}, ${r.name ?? null},
                    ${r.status ?? 'pending'}::submission_status, now() - interval '1 hour' + ${i} * interval '1 second', 'h')
            returning id`,
      )
      ids.push(Number(row!.id))
    }
    return ids
  }

  /** Every column of a row and of its link check, as the database holds them. */
  const wholeRow = async (id: number) =>
    (
      await queryRows(
        handle.db,
        sql`select s.*, c.keep_shown from submissions s left join link_checks c on c.submission_id = s.id where s.id = ${id}`,
      )
    )[0]

  /** The Undo plan of a move, through its token, as the page hands it back. */
  const planOf = (result: MoveResult | { undo?: UndoPlan['rows'] }): UndoPlan => {
    const token = sealUndo(SECRET, { rows: result.undo ?? [] })
    const plan = openUndo(SECRET, token)
    expect(plan).not.toBeNull()
    return plan!
  }

  describe('undo', () => {
    it('puts an approval with edits back exactly, and the audit trail shows the move and its undo', async () => {
      const [id] = await seed([
        { url: 'https://a.example.com/1', title: 'teh titel', name: 'anon' },
      ])
      // A flag and a check first, so there is more to put back than the status.
      await applyChange(handle.db, {
        ids: [id!],
        change: { kind: 'flag', reason: 'its link failed 3 checks' },
        by: null,
        via: 'link-check',
      })
      await handle.db.execute(
        sql`insert into link_checks (submission_id, checked_at, reachable, keep_shown) values (${id}, now(), false, false)`,
      )
      const before = await wholeRow(id!)

      const moved = await moderate(handle.db, {
        ids: [id!],
        action: 'approve',
        by: AUTHOR,
        edits: { title: 'The title', name: 'Ada' },
        undoable: true,
      })
      expect(moved.publicSlugs).toEqual([POST])
      expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.title)).toEqual([
        'The title',
      ])

      const undone = await applyUndo(handle.db, planOf(moved), { by: AUTHOR })
      expect(undone).toMatchObject({ changed: 1, ids: [id], publicSlugs: [POST] })
      expect(await wholeRow(id!)).toEqual(before)
      expect(await approvedLinksForPost(handle.db, POST)).toEqual([])

      const history = (await historyFor(handle.db, [id!])).get(id!) ?? []
      expect(history.map((e) => [e.fromStatus, e.toStatus, e.via, e.actor, e.detail])).toEqual([
        ['pending', 'pending', 'link-check', null, 'needs a look: its link failed 3 checks'],
        ['pending', 'approved', 'admin', AUTHOR, 'title and name edited'],
        ['approved', 'pending', 'admin', AUTHOR, 'title and name edited; undo'],
      ])
      // Undone once: the same Undo again finds the row no longer as the move left it.
      expect((await applyUndo(handle.db, planOf(moved), { by: AUTHOR })).changed).toBe(0)
    })

    it('never overwrites a later change: a row moved since is left alone', async () => {
      const [id] = await seed([{ url: 'https://b.example.com/1' }])
      const approved = await moderate(handle.db, {
        ids: [id!],
        action: 'approve',
        by: AUTHOR,
        undoable: true,
      })
      await moderate(handle.db, { ids: [id!], action: 'reject', by: AUTHOR })
      const now = await wholeRow(id!)
      expect((await applyUndo(handle.db, planOf(approved), { by: AUTHOR })).changed).toBe(0)
      expect(await wholeRow(id!)).toEqual(now)
      // A signal's flag counts as a change too.
      const rejected = await moderate(handle.db, {
        ids: [id!],
        action: 'pending',
        by: AUTHOR,
        undoable: true,
      })
      await applyChange(handle.db, {
        ids: [id!],
        change: { kind: 'flag', reason: 'withdrawn' },
        by: null,
        via: 'webmention',
      })
      expect((await applyUndo(handle.db, planOf(rejected), { by: AUTHOR })).changed).toBe(0)
    })

    it('undoes a bulk move for one row or for all, and delete, hide and keep exactly', async () => {
      const ids = await seed([
        { url: 'https://c.example.com/1' },
        { url: 'https://c.example.com/2' },
        { url: 'https://c.example.com/3' },
      ])
      const before = await Promise.all(ids.map(wholeRow))
      const spam = await moderate(handle.db, { ids, action: 'spam', by: AUTHOR, undoable: true })
      const plan = planOf(spam)
      expect(plan.rows.map((r) => r.id)).toEqual(ids)
      // Bulk moves never edit: their Undo carries no title or name.
      expect(plan.rows.every((r) => r.to.title === undefined && r.to.name === undefined)).toBe(true)

      const one = await applyUndo(handle.db, plan, { by: AUTHOR, only: ids[1] })
      expect(one.ids).toEqual([ids[1]])
      expect(await wholeRow(ids[1]!)).toEqual(before[1])
      expect((await wholeRow(ids[0]!))?.status).toBe('spam')
      const rest = await applyUndo(handle.db, plan, { by: AUTHOR })
      expect(rest.ids).toEqual([ids[0], ids[2]])
      expect(await Promise.all(ids.map(wholeRow))).toEqual(before)

      // Delete: back from the trash exactly (its Undo is a revert like any other).
      const deleted = await deleteSubmissions(handle.db, { ids, by: AUTHOR, undoable: true })
      expect((await listQueue(handle.db, {}, { limit: 10 })).rows).toEqual([])
      await applyUndo(handle.db, planOf(deleted), { by: AUTHOR })
      expect(await Promise.all(ids.map(wholeRow))).toEqual(before)

      // Hide, and Keep shown (which also marks the link check): both undone exactly.
      await moderate(handle.db, { ids: [ids[0]!], action: 'approve', by: AUTHOR })
      await handle.db.execute(
        sql`insert into link_checks (submission_id, checked_at, reachable, consecutive_failures) values (${ids[0]}, now(), false, 3)`,
      )
      await applyChange(handle.db, {
        ids: [ids[0]!],
        change: { kind: 'hide' },
        by: null,
        via: 'link-check',
      })
      await applyChange(handle.db, {
        ids: [ids[0]!],
        change: { kind: 'flag', reason: 'its link failed 3 checks' },
        by: null,
        via: 'link-check',
      })
      const flagged = await wholeRow(ids[0]!)
      const kept = await changeVisibility(handle.db, {
        ids: [ids[0]!],
        move: 'keep',
        by: AUTHOR,
        undoable: true,
      })
      expect(await wholeRow(ids[0]!)).toMatchObject({ hidden_at: null, keep_shown: true })
      await applyUndo(handle.db, planOf(kept), { by: AUTHOR })
      expect(await wholeRow(ids[0]!)).toEqual(flagged)
    })

    it('undoes "Always approve" and "Block": the row, and the domain rule as it was', async () => {
      const [first, second] = await seed([
        { url: 'https://www.friend.example.org/a' },
        { url: 'https://blog.spammer.example.net/b' },
      ])
      const before = await wholeRow(first!)
      const trusted = await ruleFromSubmission(handle.db, {
        id: first!,
        kind: 'trusted',
        by: AUTHOR,
      })
      expect(trusted.undo?.rule).toEqual({ domain: 'example.org', set: 'trusted', previous: null })
      const undone = await applyUndo(handle.db, trusted.undo!, { by: AUTHOR })
      expect(undone.ruleRestored).toBe(true)
      expect(await wholeRow(first!)).toEqual(before)
      expect(await listDomainRules(handle.db)).toEqual([])

      // Blocking a trusted domain, undone: trusted again, as it was made.
      await setDomainRule(handle.db, { domain: 'example.net', kind: 'trusted', by: 'someone' })
      const [rule] = await listDomainRules(handle.db)
      const blocked = await ruleFromSubmission(handle.db, {
        id: second!,
        kind: 'blocked',
        by: AUTHOR,
      })
      expect((await wholeRow(second!))?.status).toBe('spam')
      const plan = openUndo(SECRET, sealUndo(SECRET, blocked.undo!))
      await applyUndo(handle.db, plan!, { by: AUTHOR })
      expect(await listDomainRules(handle.db)).toEqual([rule])
      expect((await wholeRow(second!))?.status).toBe('pending')
    })

    it('opens only the plans it sealed', () => {
      const plan: UndoPlan = {
        rows: [
          {
            id: 7,
            from: 'a'.repeat(22),
            to: {
              status: 'pending',
              moderatedAt: null,
              moderatedBy: null,
              approvedAt: null,
              deletedAt: null,
              hiddenAt: '2026-01-02 03:04:05.123456+00',
              hiddenVia: 'admin',
              needsLook: null,
              needsLookAt: null,
              keepShown: null,
            },
          },
        ],
      }
      const token = sealUndo(SECRET, plan)
      expect(openUndo(SECRET, token)).toEqual(plan)
      expect(openUndo('another secret', token)).toBeNull()
      const [body, signature] = token.split('.')
      expect(openUndo(SECRET, `${body}x.${signature}`)).toBeNull()
      expect(openUndo(SECRET, 'not a token')).toBeNull()
      // Signed, yet not a plan (a row with a status that does not exist): refused.
      const bad = deflateRawSync(
        JSON.stringify({ rows: [{ ...plan.rows[0], to: { status: 'gone' } }] }),
      )
      const badBody = bad.toString('base64url')
      const key = createHmac('sha256', SECRET).update('red-green-repeat undo v1').digest()
      const badToken = `${badBody}.${createHmac('sha256', key).update(badBody).digest('base64url')}`
      expect(openUndo(SECRET, badToken)).toBeNull()
    })
  })

  describe('search', () => {
    it('finds rows by link, domain, title or name, in any case, with keyset pages as before', async () => {
      const ids = await seed([
        { url: 'https://notes.rivera.dev/one', title: 'First light', name: 'Sam' },
        { url: 'https://notes.rivera.dev/two', title: 'Second wind', name: 'Kim' },
        { url: 'https://other.example.com/rivera', title: 'Third', name: 'Jo' },
        { url: 'https://xn--80ak6aa92e.com/login', title: '100% real_deal', name: 'Eve' },
        { url: 'https://plain.example.com/x', title: 'Nothing alike', name: 'RIVERA fan' },
      ])
      const found = async (search: string) =>
        (await listQueue(handle.db, { search }, { limit: 50 })).rows.map((r) => r.id)
      expect(await found('rivera.dev')).toEqual([ids[0], ids[1]])
      expect(await found('RIVERA')).toEqual([ids[0], ids[1], ids[2], ids[4]])
      expect(await found('second WIND')).toEqual([ids[1]])
      expect(await found('kim')).toEqual([ids[1]])
      // A Unicode domain finds the link stored in punycode.
      expect(await found('аррӏе.com')).toEqual([ids[3]])
      // LIKE's wildcards are matched as typed.
      expect(await found('100%')).toEqual([ids[3]])
      expect(await found('e_l')).toEqual([])
      expect(await found('real_deal')).toEqual([ids[3]])
      expect(await found('   ')).toEqual(ids)

      // Pages of two through the four rows that say "rivera": no gaps, no repeats, and back.
      const first = await listQueue(handle.db, { search: 'rivera' }, { limit: 2 })
      const second = await listQueue(
        handle.db,
        { search: 'rivera' },
        { limit: 2, after: decodeCursor(first.after) },
      )
      expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual([
        ids[0],
        ids[1],
        ids[2],
        ids[4],
      ])
      expect(second.after).toBeUndefined()
      const back = await listQueue(
        handle.db,
        { search: 'rivera' },
        { limit: 2, before: decodeCursor(second.before) },
      )
      expect(back.rows.map((r) => r.id)).toEqual([ids[0], ids[1]])
      // Search narrows the other filters too.
      await moderate(handle.db, { ids: [ids[1]!], action: 'approve', by: AUTHOR })
      expect(
        (
          await listQueue(handle.db, { search: 'rivera', status: 'pending' }, { limit: 50 })
        ).rows.map((r) => r.id),
      ).toEqual([ids[0], ids[2], ids[4]])
    })
  })
})
