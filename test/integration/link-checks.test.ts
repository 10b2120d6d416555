import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resetEnvForTests } from '@/lib/env'
import { LINK_CHECK_JOB, linkJobHandlers } from '@/lib/jobs/link-jobs'
import { checkSubmissionLink, type LinkCheckContext } from '@/lib/links/check'
import { recheckApprovedLinks } from '@/lib/links/recheck'
import { changeVisibility, moderate } from '@/lib/moderation/moderate'
import { signalCounts } from '@/lib/moderation/queue'
import { parseOutboundAllow } from '@/lib/net/outbound-allow'
import { drainOutbox } from '@/lib/outbox/queue'
import { MESSAGES } from '@/lib/submissions/form-state'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { setPublicListListener } from '@/lib/visibility/events'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { saveSettings } from '@/lib/settings'
import { html, redirect, startStandIn, type StandIn } from '../support/stand-in-server'
import { POST, approve, context, form } from './support'

const SITE = 'https://redgreenrepeat.dev'
const POST_URL = `${SITE}/posts/${POST}`

type CheckRow = {
  submission_id: number
  reachable: boolean
  http_status: number | null
  final_url: string | null
  error: string | null
  title: string | null
  description: string | null
  author: string | null
  links_back: boolean
  consecutive_failures: number
  keep_shown: boolean
}

describe.each(testDatabases)('$name: link checks', ({ open }) => {
  const handle = useTestDatabase(open)
  let site: StandIn
  let ctx: LinkCheckContext
  let flakyStatus = 200
  const changed: string[][] = []

  beforeAll(async () => {
    site = await startStandIn({
      '/linking': html(`<html><head><title>Ana's flaky build</title>
        <meta name="description" content="How a test failed on Tuesdays only.">
        <meta name="author" content="Ana"></head>
        <body><p>Read <a href="${POST_URL}#top">the post</a>.</p></body></html>`),
      '/not-linking': html('<html><head><title>Other page</title></head><body>hi</body></html>'),
      '/moved': redirect('/linking', 301),
      '/flaky': (_req, res) => {
        res
          .writeHead(flakyStatus, { 'content-type': 'text/html' })
          .end('<title>Flaky</title><a href="' + POST_URL + '">x</a>')
      },
    })
    process.env.OUTBOUND_ALLOW = site.target
    resetEnvForTests()
    ctx = { siteUrl: SITE, fetch: { allow: parseOutboundAllow(site.target) } }
    setPublicListListener((slugs) => {
      changed.push(slugs)
    })
  })
  afterAll(async () => {
    setPublicListListener(undefined)
    delete process.env.OUTBOUND_ALLOW
    resetEnvForTests()
    await site?.close()
  })
  beforeEach(async () => {
    changed.length = 0
    flakyStatus = 200
  })
  afterEach(() => {
    flakyStatus = 200
  })

  async function send(path: string, title = ''): Promise<number> {
    const state = await submitLink(
      form({ url: `${site.origin}${path}`, title }),
      context(handle.db, { ipHash: `ip-${path}-${Math.random()}` }),
    )
    expect(state.message).toBe(MESSAGES.received)
    const [row] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from submissions where url = ${`${site.origin}${path}`}`,
    )
    return row!.id
  }

  const check = async (id: number) => {
    const [row] = await queryRows<CheckRow>(
      handle.db,
      sql`select * from link_checks where submission_id = ${id}`,
    )
    return row
  }

  it('queues a check with every submission, in the same transaction, and the drain runs it', async () => {
    const id = await send('/linking')
    const jobs = await queryRows<{ kind: string; payload: { submissionId: number } }>(
      handle.db,
      sql`select kind, payload from outbox where done_at is null`,
    )
    expect(jobs).toEqual([{ kind: LINK_CHECK_JOB, payload: { submissionId: id } }])
    expect(await check(id)).toBeUndefined()

    const run = await drainOutbox(
      handle.db,
      linkJobHandlers(
        async () => handle.db,
        () => ctx,
      ),
    )
    expect(run).toEqual({ done: 1, retried: 0, dead: 0 })
    expect(await check(id)).toMatchObject({
      reachable: true,
      http_status: 200,
      final_url: `${site.origin}/linking`,
      error: null,
      title: "Ana's flaky build",
      description: 'How a test failed on Tuesdays only.',
      author: 'Ana',
      links_back: true,
      consecutive_failures: 0,
    })
  })

  it('fills an empty title from the page and keeps a title the reader wrote', async () => {
    const empty = await send('/linking')
    const given = await send('/not-linking', 'My own words')
    await checkSubmissionLink(handle.db, empty, ctx)
    await checkSubmissionLink(handle.db, given, ctx)
    const titles = await queryRows<{ id: number; title: string }>(
      handle.db,
      sql`select id, title from submissions order by id`,
    )
    expect(titles).toEqual([
      { id: empty, title: "Ana's flaky build" },
      { id: given, title: 'My own words' },
    ])
    expect(await check(given)).toMatchObject({ links_back: false, title: 'Other page' })
  })

  it('records where a link redirected, and an unreachable link with its reason', async () => {
    const moved = await send('/moved')
    const missing = await send('/missing')
    await checkSubmissionLink(handle.db, moved, ctx)
    await checkSubmissionLink(handle.db, missing, ctx)
    expect(await check(moved)).toMatchObject({
      reachable: true,
      final_url: `${site.origin}/linking`,
      links_back: true,
    })
    expect(await check(missing)).toMatchObject({
      reachable: false,
      http_status: 404,
      error: 'HTTP 404',
      consecutive_failures: 1,
    })
  })

  it('refuses an internal address that is not allowed, without connecting', async () => {
    const id = await send('/linking')
    const hitsBefore = site.hits.length
    await checkSubmissionLink(handle.db, id, { siteUrl: SITE, fetch: { allow: new Set() } })
    expect(await check(id)).toMatchObject({
      reachable: false,
      http_status: null,
      error: 'points to an internal address',
    })
    expect(site.hits.length).toBe(hitsBefore)
  })

  const history = (id: number) =>
    queryRows<{
      from_status: string | null
      to_status: string
      via: string
      detail: string | null
    }>(
      handle.db,
      sql`select from_status, to_status, via, detail from audit_log where submission_id = ${id} order by id`,
    )
  const flags = async (id: number) =>
    (
      await queryRows<{ needs_look: string | null; hidden_at: unknown }>(
        handle.db,
        sql`select needs_look, hidden_at from submissions where id = ${id}`,
      )
    )[0]

  it('flags an approved link that fails 3 checks in a row, tells the author, and keeps it shown', async () => {
    process.env.NOTIFY_WEBHOOK_URL = `${site.origin}/hook`
    process.env.NOTIFY_WEBHOOK_SECRET = 'a-webhook-secret-for-tests'
    resetEnvForTests()
    try {
      const id = await send('/flaky')
      await approve(handle.db)
      const visible = async () => (await approvedLinksForPost(handle.db, POST)).length === 1

      flakyStatus = 503
      for (let i = 0; i < 3; i++) await recheckApprovedLinks(handle.db, ctx)
      // Shown still: an automatic signal never hides a link in silence.
      expect(await visible()).toBe(true)
      expect(changed).toEqual([])
      expect((await flags(id))?.needs_look).toBe('its link failed 3 checks in a row (HTTP 503)')
      expect(await history(id)).toContainEqual({
        from_status: 'approved',
        to_status: 'approved',
        via: 'link-check',
        detail: 'needs a look: its link failed 3 checks in a row (HTTP 503)',
      })
      const told = await queryRows<{ payload: { event: string; submissionId: number } }>(
        handle.db,
        sql`select payload from outbox where kind = 'notify-webhook' and payload->>'event' = 'submission.needs_look'`,
      )
      expect(told).toEqual([{ payload: expect.objectContaining({ submissionId: id }) }])

      // A fourth failure does not flag (or notify) again.
      await recheckApprovedLinks(handle.db, ctx)
      expect((await history(id)).filter((e) => e.detail?.startsWith('needs a look'))).toHaveLength(
        1,
      )

      // "Keep shown" answers the flag; failing checks do not raise it again until one passes.
      expect(
        (await changeVisibility(handle.db, { ids: [id], move: 'keep', by: 'Ana' })).changed,
      ).toBe(1)
      expect((await flags(id))?.needs_look).toBeNull()
      await recheckApprovedLinks(handle.db, ctx)
      expect((await flags(id))?.needs_look).toBeNull()
      expect(await check(id)).toMatchObject({ consecutive_failures: 5, keep_shown: true })

      flakyStatus = 200
      await recheckApprovedLinks(handle.db, ctx)
      expect(await check(id)).toMatchObject({ consecutive_failures: 0, keep_shown: false })
      expect(await visible()).toBe(true)
      expect(changed).toEqual([])
    } finally {
      delete process.env.NOTIFY_WEBHOOK_URL
      delete process.env.NOTIFY_WEBHOOK_SECRET
      resetEnvForTests()
    }
  })

  it('hides a failing link only when the settings say so, shows it when it passes, and never overrules the author', async () => {
    await saveSettings(handle.db, { hideFailingLinks: true }, 'Ana')
    const id = await send('/flaky')
    await approve(handle.db)
    flakyStatus = 500
    for (let i = 0; i < 3; i++) await checkSubmissionLink(handle.db, id, ctx)
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(0)
    expect(changed).toEqual([[POST]])
    expect((await history(id)).slice(-1)[0]).toMatchObject({
      from_status: 'approved',
      to_status: 'hidden',
      via: 'link-check',
    })

    flakyStatus = 200
    const result = await checkSubmissionLink(handle.db, id, ctx)
    expect(result?.visibilityChanged).toBe(true)
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
    expect((await history(id)).slice(-1)[0]).toMatchObject({
      from_status: 'hidden',
      to_status: 'approved',
      via: 'link-check',
    })

    // The author hides it: a passing check does not bring it back.
    await changeVisibility(handle.db, { ids: [id], move: 'hide', by: 'Ana' })
    await checkSubmissionLink(handle.db, id, ctx)
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(0)
    // Re-approving makes it public again.
    await moderate(handle.db, { ids: [id], action: 'pending', by: 'Ana' })
    await moderate(handle.db, { ids: [id], action: 'approve', by: 'Ana' })
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
  })

  it('with outbound fetches limited, a public name is "not checked", never a failure', async () => {
    const id = await send('/linking')
    await handle.db.execute(
      sql`update submissions set url = 'https://stories.example/post', status = 'approved' where id = ${id}`,
    )
    const result = await checkSubmissionLink(handle.db, id, {
      siteUrl: SITE,
      fetch: { allow: parseOutboundAllow(site.target), allowOnly: true },
    })
    expect(result?.checked).toBe(false)
    expect(await check(id)).toMatchObject({
      reachable: false,
      error: 'not checked (outbound fetches are limited)',
      consecutive_failures: 0,
    })
  })

  it('counts as Broken only pending and approved links', async () => {
    const pending = await send('/missing')
    const rejected = await send('/missing-too')
    await handle.db.execute(sql`update submissions set status = 'rejected' where id = ${rejected}`)
    await checkSubmissionLink(handle.db, pending, ctx)
    await checkSubmissionLink(handle.db, rejected, ctx)
    expect(await signalCounts(handle.db, {})).toEqual({ needsLook: 0, broken: 1 })
  })

  it('re-checks approved links only, oldest check first, a bounded batch per run', async () => {
    const a = await send('/linking')
    const b = await send('/not-linking')
    const c = await send('/moved')
    const pending = await send('/flaky')
    await approve(handle.db, sql`id <> ${pending}`)
    await checkSubmissionLink(handle.db, b, ctx)
    await handle.db.execute(
      sql`update link_checks set checked_at = now() - interval '1 day' where submission_id = ${b}`,
    )
    await checkSubmissionLink(handle.db, a, ctx)

    const stamps = async () =>
      new Map(
        (
          await queryRows<{ submission_id: number; at: string }>(
            handle.db,
            sql`select submission_id, checked_at::text as at from link_checks`,
          )
        ).map((r) => [r.submission_id, r.at]),
      )
    const before = await stamps()
    const run = await recheckApprovedLinks(handle.db, ctx, { batch: 2 })
    expect(run.checked).toBe(2)
    // c had never been checked and b's check was a day old: those two. a's was fresh.
    const after = await stamps()
    expect(after.get(a)).toBe(before.get(a))
    expect(after.get(b)).not.toBe(before.get(b))
    expect(after.has(c)).toBe(true)
    expect(await check(pending)).toBeUndefined()
  })
})
