import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '@/lib/db'
import { webmentionSends } from '@/lib/db/schema'
import { admitValid } from '@/lib/intake/intake'
import { submitLink } from '@/lib/intake/form'
import { forgetInstalledJobs, installJobs } from '@/lib/jobs/install'
import { registerFollowUp, resetRegistry } from '@/lib/outbox/registry'
import { setDomainRule } from '@/lib/moderation/domain-rules'
import {
  changeVisibility,
  deleteSubmissions,
  moderate,
  restoreSubmissions,
} from '@/lib/moderation/moderate'
import { readerStatus } from '@/lib/reader-status/status'
import { withdrawLink } from '@/lib/reader-status/withdraw'
import { MESSAGES } from '@/lib/submissions/form-state'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { countRows, queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { POST, context, form } from './support'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The token in a thank-you's private link. */
function tokenOf(statusUrl: string | undefined): string {
  const match = /^\/links\/status\/([A-Za-z0-9_-]{43})$/.exec(statusUrl ?? '')
  if (!match) throw new Error(`not a status link: ${statusUrl}`)
  return match[1]!
}

const receipts = (db: Database) =>
  queryRows<{ token_hash: string; submission_id: number }>(
    db,
    sql`select token_hash, submission_id from reader_receipts order by submission_id`,
  )

const history = (db: Database, id: number) =>
  queryRows<{
    from_status: string | null
    to_status: string
    via: string
    actor: string | null
    detail: string | null
  }>(
    db,
    sql`select from_status, to_status, via, actor, detail from audit_log where submission_id = ${id} order by id`,
  )

const announced = (db: Database) =>
  queryRows<{ payload: Record<string, unknown> }>(
    db,
    sql`select payload from outbox where kind = 'changed-probe' order by id`,
  ).then((rows) => rows.map((r) => r.payload))

/** Everything a request could change, to show that a view changes none of it. */
const snapshot = (db: Database) =>
  Promise.all([
    queryRows(db, sql`select * from submissions order by id`),
    queryRows(db, sql`select * from audit_log order by id`),
    queryRows(db, sql`select id, kind, payload from outbox order by id`),
    receipts(db),
  ])

describe.each(testDatabases)("$name: the reader's status page", ({ open }) => {
  // On top of the app's follow-ups, a probe records every change announced
  // (what the update Webmention and the webhook follow).
  beforeAll(() => {
    registerFollowUp('submission.changed', (e) => [{ kind: 'changed-probe', payload: e }])
  })
  afterAll(() => {
    resetRegistry()
    forgetInstalledJobs()
    installJobs()
  })
  const handle = useTestDatabase(open)

  /** A link sent through the form, as the reader sees the answer: its id and its token. */
  async function send(url = 'https://example.com/story', overrides: Record<string, unknown> = {}) {
    const state = await submitLink(form({ url, ...overrides }), context(handle.db))
    const token = tokenOf(state.statusUrl)
    const [row] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from submissions where url = ${url}`,
    )
    return { id: row!.id, token, state }
  }

  it('a new link from the form gets a random token, and only its sha256 is stored, with the row', async () => {
    const first = await send('https://example.com/one')
    const second = await send('https://example.com/two')
    expect(first.state.message).toBe(MESSAGES.received)
    expect(first.token).not.toBe(second.token)
    expect(await receipts(handle.db)).toEqual([
      { token_hash: sha256(first.token), submission_id: first.id },
      { token_hash: sha256(second.token), submission_id: second.id },
    ])
    // The token itself is nowhere in the database.
    const [dump] = await queryRows<{ found: number }>(
      handle.db,
      sql`select count(*)::int as found from reader_receipts r join submissions s on s.id = r.submission_id
          where r.token_hash = ${first.token} or s::text like ${`%${first.token}%`}`,
    )
    expect(dump?.found).toBe(0)
  })

  it('no token for a duplicate (someone else’s row), a honeypot hit or a Webmention; a blocked domain gets one like any link', async () => {
    const mine = await send('https://example.com/shared')
    const again = await submitLink(
      form({ url: 'https://EXAMPLE.com/shared' }),
      context(handle.db, { ipHash: 'another-reader' }),
    )
    expect(again.message).toBe(MESSAGES.duplicateWaiting)
    expect(again.statusUrl).toBeUndefined()

    const bot = await submitLink(
      form({ url: 'https://example.com/bot', homepage: 'x' }),
      context(handle.db),
    )
    expect(bot.message).toBe(MESSAGES.received)
    expect(bot.statusUrl).toBeUndefined()

    const mention = await admitValid(
      handle.db,
      {
        postSlug: POST,
        url: 'https://mention.example/post',
        normalizedUrl: 'https://mention.example/post',
        title: null,
        name: null,
        note: null,
      },
      { source: 'webmention', ipHash: 'sender' },
    )
    expect(mention).toMatchObject({ status: 'created' })
    expect(mention).not.toHaveProperty('receiptToken')

    // A blocked domain's link is told "received" and gets a page that says "waiting":
    // a missing link would give the rule away.
    await setDomainRule(handle.db, { domain: 'blocked-shop.com', kind: 'blocked', by: 'author' })
    const blocked = await send('https://www.blocked-shop.com/post')
    expect(blocked.state.message).toBe(MESSAGES.received)
    expect((await readerStatus(handle.db, blocked.token))?.standing).toBe('waiting')

    expect((await receipts(handle.db)).map((r) => r.submission_id)).toEqual([mine.id, blocked.id])
  })

  it('the receipt is written in the intake’s transaction: if it fails, no row and no rate-limit hit remain', async () => {
    await handle.db
      .execute(sql`create function refuse_receipt() returns trigger language plpgsql as $$
      begin raise exception 'receipt refused by the test'; end $$`)
    await handle.db.execute(
      sql`create trigger refuse_receipt before insert on reader_receipts for each row execute function refuse_receipt()`,
    )
    try {
      const errors: unknown[] = []
      const state = await submitLink(
        form({ url: 'https://example.com/atomic' }),
        context(handle.db, { onError: (error) => errors.push(error) }),
      )
      expect(state.message).toBe(MESSAGES.unavailable)
      expect(state.statusUrl).toBeUndefined()
      expect(errors).toHaveLength(1)
      expect(await countRows(handle.db, 'submissions')).toBe(0)
      expect(await countRows(handle.db, 'rate_limit_hits')).toBe(0)
      expect(await queryRows(handle.db, sql`select * from audit_log`)).toEqual([])
      expect(await queryRows(handle.db, sql`select * from outbox`)).toEqual([])
    } finally {
      await handle.db.execute(sql`drop trigger refuse_receipt on reader_receipts`)
      await handle.db.execute(sql`drop function refuse_receipt()`)
    }
  })

  it('says where the link stands by the one visibility rule, spam and rejected alike "not published"', async () => {
    const { id, token } = await send()
    const standing = async () => (await readerStatus(handle.db, token))?.standing
    expect(await readerStatus(handle.db, token)).toEqual({
      postSlug: POST,
      url: 'https://example.com/story',
      title: 'My story',
      sentAt: expect.any(Date),
      standing: 'waiting',
      site: { told: 'not-yet' },
    })
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author' })
    expect(await standing()).toBe('published')
    await changeVisibility(handle.db, { ids: [id], move: 'hide', by: 'author' })
    expect(await standing()).toBe('not-published')
    await moderate(handle.db, { ids: [id], action: 'reject', by: 'author' })
    expect(await standing()).toBe('not-published')
    await moderate(handle.db, { ids: [id], action: 'spam', by: 'author' })
    expect(await standing()).toBe('not-published')
    await moderate(handle.db, { ids: [id], action: 'pending', by: 'author' })
    expect(await standing()).toBe('waiting')
    await deleteSubmissions(handle.db, { ids: [id], by: 'author' })
    expect(await standing()).toBe('not-published')
  })

  it('says whether the reader’s site was told, from the latest send of this link only', async () => {
    const { id, token } = await send()
    const other = await send('https://example.com/other')
    const told = async () => (await readerStatus(handle.db, token))?.site
    const log = (values: { submissionId: number; reason: string; outcome: string; at: string }) =>
      handle.db.insert(webmentionSends).values({
        source: `https://redgreenrepeat.dev/posts/${POST}`,
        target: 'https://example.com/story',
        submissionId: values.submissionId,
        reason: values.reason,
        outcome: values.outcome,
        endpoint: values.outcome === 'no-endpoint' ? null : 'https://example.com/webmention',
        detail: 'connect ECONNREFUSED 10.1.2.3:443',
        attemptedAt: new Date(values.at),
      })

    await log({
      submissionId: other.id,
      reason: 'approved',
      outcome: 'sent',
      at: '2025-03-01T10:00:00Z',
    })
    expect(await told()).toEqual({ told: 'not-yet' })
    await log({
      submissionId: id,
      reason: 'approved',
      outcome: 'failed',
      at: '2025-03-01T10:00:00Z',
    })
    expect(await told()).toEqual({ told: 'no', at: new Date('2025-03-01T10:00:00Z') })
    await log({ submissionId: id, reason: 'approved', outcome: 'sent', at: '2025-03-01T10:05:00Z' })
    expect(await told()).toEqual({
      told: 'yes',
      about: 'published',
      at: new Date('2025-03-01T10:05:00Z'),
    })
    await log({
      submissionId: id,
      reason: 'withdrawn',
      outcome: 'sent',
      at: '2025-03-02T08:00:00Z',
    })
    expect(await told()).toEqual({
      told: 'yes',
      about: 'taken-off',
      at: new Date('2025-03-02T08:00:00Z'),
    })
    await log({
      submissionId: id,
      reason: 'taken-back',
      outcome: 'no-endpoint',
      at: '2025-03-03T08:00:00Z',
    })
    expect(await told()).toEqual({ told: 'no-endpoint', at: new Date('2025-03-03T08:00:00Z') })
  })

  it('an unknown or malformed token opens nothing, and viewing a page changes nothing', async () => {
    const { token } = await send()
    const before = await snapshot(handle.db)
    expect(await readerStatus(handle.db, 'A'.repeat(43))).toBeNull()
    expect(await readerStatus(handle.db, `${token}x`)).toBeNull()
    expect(await readerStatus(handle.db, "' or 1=1 --")).toBeNull()
    expect(await readerStatus(handle.db, token)).not.toBeNull()
    expect(await readerStatus(handle.db, token)).not.toBeNull()
    expect(await snapshot(handle.db)).toEqual(before)
    expect(await withdrawLink(handle.db, 'A'.repeat(43))).toEqual({ status: 'unknown' })
    expect(await snapshot(handle.db)).toEqual(before)
  })

  it('withdrawing a published link takes it off the post through applyChange, once; the author can show it again', async () => {
    const { id, token } = await send()
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)

    expect(await withdrawLink(handle.db, token)).toEqual({
      status: 'withdrawn',
      changed: true,
      publicSlugs: [POST],
    })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    expect((await readerStatus(handle.db, token))?.standing).toBe('withdrawn')
    const [row] = await queryRows<{ status: string; hidden_via: string }>(
      handle.db,
      sql`select status, hidden_via from submissions where id = ${id}`,
    )
    expect(row).toEqual({ status: 'approved', hidden_via: 'reader' })
    expect((await history(handle.db, id)).at(-1)).toEqual({
      from_status: 'approved',
      to_status: 'hidden',
      via: 'reader',
      actor: null,
      detail: 'withdrawn by the reader',
    })
    // Announced in the same transaction: the update Webmention and the webhook follow this.
    expect(await announced(handle.db)).toEqual([
      { submissionId: id, from: 'pending', to: 'approved', via: 'admin' },
      { submissionId: id, from: 'approved', to: 'hidden', via: 'reader' },
    ])

    // Twice is harmless: nothing changes, nothing more is recorded or announced.
    const before = await snapshot(handle.db)
    expect(await withdrawLink(handle.db, token)).toEqual({
      status: 'withdrawn',
      changed: false,
      publicSlugs: [],
    })
    expect(await snapshot(handle.db)).toEqual(before)

    // "Keep shown" (the answer to a signal) does not undo the reader; "Show again" does.
    await changeVisibility(handle.db, { ids: [id], move: 'keep', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    await changeVisibility(handle.db, { ids: [id], move: 'show', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
    expect((await readerStatus(handle.db, token))?.standing).toBe('published')
  })

  it('a pending link withdrawn stays off the post when the author approves it later, and the History says so', async () => {
    const { id, token } = await send()
    expect(await withdrawLink(handle.db, token)).toEqual({
      status: 'withdrawn',
      changed: true,
      publicSlugs: [],
    })
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    expect((await readerStatus(handle.db, token))?.standing).toBe('withdrawn')
    expect((await history(handle.db, id)).slice(1)).toEqual([
      {
        from_status: 'pending',
        to_status: 'hidden',
        via: 'reader',
        actor: null,
        detail: 'withdrawn by the reader',
      },
      {
        from_status: 'hidden',
        to_status: 'hidden',
        via: 'admin',
        actor: 'author',
        detail: 'approved, still withdrawn by the reader',
      },
    ])
    // Rejected, then approved again: still the reader's decision.
    await moderate(handle.db, { ids: [id], action: 'reject', by: 'author' })
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    // The author overrides it only on purpose.
    await changeVisibility(handle.db, { ids: [id], move: 'show', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
  })

  it('a link the author deleted or hid can be withdrawn too, and a restore keeps it withdrawn', async () => {
    const deleted = await send('https://example.com/deleted')
    await deleteSubmissions(handle.db, { ids: [deleted.id], by: 'author' })
    expect(await withdrawLink(handle.db, deleted.token)).toMatchObject({ changed: true })
    await restoreSubmissions(handle.db, { ids: [deleted.id], by: 'author' })
    await moderate(handle.db, { ids: [deleted.id], action: 'approve', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    expect((await readerStatus(handle.db, deleted.token))?.standing).toBe('withdrawn')

    // Hidden by the author, then withdrawn: the hide becomes the reader's, which an approval keeps.
    const hidden = await send('https://example.com/hidden')
    await moderate(handle.db, { ids: [hidden.id], action: 'approve', by: 'author' })
    await changeVisibility(handle.db, { ids: [hidden.id], move: 'hide', by: 'author' })
    expect(await withdrawLink(handle.db, hidden.token)).toEqual({
      status: 'withdrawn',
      changed: true,
      publicSlugs: [],
    })
    await moderate(handle.db, { ids: [hidden.id], action: 'reject', by: 'author' })
    await moderate(handle.db, { ids: [hidden.id], action: 'approve', by: 'author' })
    expect(await approvedLinksForPost(handle.db, POST)).toEqual([])
    expect((await readerStatus(handle.db, hidden.token))?.standing).toBe('withdrawn')
  })
})
