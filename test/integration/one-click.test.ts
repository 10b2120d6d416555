import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resetEnvForTests } from '@/lib/env'
import { inspectOneClick, redeemOneClick } from '@/lib/notify/one-click'
import { ONE_CLICK_TTL_MS, createOneClickToken } from '@/lib/notify/tokens'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { POST } from './support'

const SECRET = 'one-click-test-secret-0123456789'

describe.each(testDatabases)('$name: one-click links', ({ open }) => {
  const handle = useTestDatabase(open)
  const saved = { url: process.env.NOTIFY_WEBHOOK_URL, secret: process.env.NOTIFY_WEBHOOK_SECRET }
  beforeEach(async () => {
    // Configured, so status changes queue a webhook job we can look at (nothing is delivered here).
    process.env.NOTIFY_WEBHOOK_URL = 'http://127.0.0.1:4449/unused'
    process.env.NOTIFY_WEBHOOK_SECRET = 'x'
    resetEnvForTests()
  })
  afterEach(() => {
    process.env.NOTIFY_WEBHOOK_URL = saved.url ?? ''
    process.env.NOTIFY_WEBHOOK_SECRET = saved.secret ?? ''
    resetEnvForTests()
  })

  async function pending(): Promise<number> {
    const [row] = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into submissions (post_slug, url, normalized_url, title, ip_hash)
          values (${POST}, 'https://one.example.com/story', 'https://one.example.com/story', 'A story', 'h')
          returning id`,
    )
    return Number(row!.id)
  }

  const state = async (id: number) => {
    const [row] = await queryRows<{ status: string; moderated_by: string | null }>(
      handle.db,
      sql`select status, moderated_by from submissions where id = ${id}`,
    )
    const [used] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from used_one_click_tokens`,
    )
    const [jobs] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from outbox`,
    )
    return { ...row, used: used?.n, jobs: jobs?.n }
  }

  const token = (id: number, action: 'approve' | 'reject', now = Date.now()) =>
    createOneClickToken(SECRET, { submissionId: id, action, now })

  it('viewing the link changes nothing; the button approves once, through moderate()', async () => {
    const id = await pending()
    const t = token(id, 'approve')
    const before = await state(id)
    for (let i = 0; i < 3; i++) {
      const view = await inspectOneClick(handle.db, { secret: SECRET, action: 'approve', token: t })
      expect(view).toMatchObject({ ok: true, submission: { id, status: 'pending' } })
    }
    expect(await state(id)).toEqual(before)
    expect(before).toMatchObject({ status: 'pending', used: 0, jobs: 0 })

    const outcome = await redeemOneClick(handle.db, { secret: SECRET, action: 'approve', token: t })
    expect(outcome).toMatchObject({ ok: true, result: { changed: 1, publicSlugs: [POST] } })
    expect(await state(id)).toEqual({
      status: 'approved',
      moderated_by: 'one-click link',
      used: 1,
      jobs: 1,
    })
    const [job] = await queryRows<{ payload: Record<string, unknown> }>(
      handle.db,
      sql`select payload from outbox`,
    )
    expect(job?.payload).toMatchObject({ from: 'pending', to: 'approved', via: 'one-click' })
    expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.id)).toEqual([id])
  })

  it('the page shows what the latest link check found (finding 4: no more stub)', async () => {
    const id = await pending()
    const t = token(id, 'approve')
    const unchecked = await inspectOneClick(handle.db, {
      secret: SECRET,
      action: 'approve',
      token: t,
    })
    expect(unchecked).toMatchObject({ ok: true, linkCheck: null })
    await handle.db.execute(
      sql`insert into link_checks (submission_id, checked_at, reachable, http_status, title, links_back)
          values (${id}, now(), true, 200, 'Page title from the check', true)`,
    )
    const checked = await inspectOneClick(handle.db, {
      secret: SECRET,
      action: 'approve',
      token: t,
    })
    expect(checked).toMatchObject({
      ok: true,
      linkCheck: {
        outcome: 'Reachable (HTTP 200)',
        title: 'Page title from the check',
        linksBack: true,
      },
    })
  })

  it('refuses a reused token, and the view says so', async () => {
    const id = await pending()
    const t = token(id, 'reject')
    expect(
      (await redeemOneClick(handle.db, { secret: SECRET, action: 'reject', token: t })).ok,
    ).toBe(true)
    // Sent back to pending by the author; the old link must still not work again.
    await handle.db.execute(sql`update submissions set status = 'pending' where id = ${id}`)
    const after = await state(id)
    expect(await redeemOneClick(handle.db, { secret: SECRET, action: 'reject', token: t })).toEqual(
      {
        ok: false,
        reason: 'used',
      },
    )
    expect(
      await inspectOneClick(handle.db, { secret: SECRET, action: 'reject', token: t }),
    ).toEqual({
      ok: false,
      reason: 'used',
    })
    expect(await state(id)).toEqual(after)
  })

  it('lets exactly one of two simultaneous uses through', async () => {
    const id = await pending()
    const t = token(id, 'approve')
    const outcomes = await Promise.all(
      [1, 2, 3].map(() =>
        redeemOneClick(handle.db, { secret: SECRET, action: 'approve', token: t }),
      ),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason)).toEqual(['used', 'used'])
    expect(await state(id)).toMatchObject({ status: 'approved', used: 1, jobs: 1 })
  })

  it('refuses expired, forged and wrong-action tokens and changes nothing', async () => {
    const id = await pending()
    const expired = token(id, 'approve', Date.now() - ONE_CLICK_TTL_MS - 1000)
    const good = token(id, 'approve')
    const forged = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA')
    const otherSecret = createOneClickToken('not-our-secret', {
      submissionId: id,
      action: 'approve',
    })
    const before = await state(id)
    const cases: [string, string, string][] = [
      [expired, 'approve', 'expired'],
      [forged, 'approve', 'forged'],
      [otherSecret, 'approve', 'forged'],
      [good, 'reject', 'wrong-action'],
      ['not-a-token', 'approve', 'malformed'],
    ]
    for (const [t, action, reason] of cases) {
      expect(await inspectOneClick(handle.db, { secret: SECRET, action, token: t })).toEqual({
        ok: false,
        reason,
      })
      expect(await redeemOneClick(handle.db, { secret: SECRET, action, token: t })).toEqual({
        ok: false,
        reason,
      })
    }
    expect(
      await redeemOneClick(handle.db, { secret: undefined, action: 'approve', token: good }),
    ).toEqual({ ok: false, reason: 'unconfigured' })
    expect(await state(id)).toEqual(before)
  })

  it('changes nothing when the move is no longer allowed, and keeps the link unused', async () => {
    const id = await pending()
    await handle.db.execute(sql`update submissions set status = 'spam' where id = ${id}`)
    const t = token(id, 'approve')
    expect(
      await inspectOneClick(handle.db, { secret: SECRET, action: 'approve', token: t }),
    ).toMatchObject({ ok: false, reason: 'not-allowed', submission: { status: 'spam' } })
    expect(
      await redeemOneClick(handle.db, { secret: SECRET, action: 'approve', token: t }),
    ).toEqual({
      ok: false,
      reason: 'not-allowed',
    })
    expect(await state(id)).toMatchObject({ status: 'spam', used: 0, jobs: 0 })
  })
})
