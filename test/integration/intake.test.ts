import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resetEnvForTests } from '@/lib/env'
import { webmentionJobHandlers } from '@/lib/jobs/webmention-jobs'
import type { LinkCheckContext } from '@/lib/links/check'
import { setDomainRule } from '@/lib/moderation/domain-rules'
import { moderate } from '@/lib/moderation/moderate'
import { parseOutboundAllow } from '@/lib/net/outbound-allow'
import type { Resolver } from '@/lib/net/safe-fetch'
import { drainOutbox } from '@/lib/outbox/queue'
import { saveSettings } from '@/lib/settings'
import { MESSAGES } from '@/lib/submissions/form-state'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { hasBidiControls } from '@/lib/text/disguise'
import { receiveWebmention } from '@/lib/webmention/receive'
import { checkWebmentionRequest } from '@/lib/webmention/request'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { startStandIn, type StandIn } from '../support/stand-in-server'
import { POST, context, form } from './support'

/*
 * Where the ways in meet: a link sent with the form and a verified Webmention
 * go through the one intake (domain rules, audit, jobs), and a Webmention may
 * change only the submission it created itself. The reader's page is a real
 * local server; made-up public names (blog.example, …) resolve to it through an
 * injected resolver, so no lookup or connection leaves the machine.
 */
const SITE = 'https://redgreenrepeat.dev'
const TARGET = `${SITE}/posts/${POST}`
const NAMES = ['blog.example', 'spam.blocked.example', 'friend.trusted.example']

describe.each(testDatabases)('$name: one intake, one visibility rule', ({ open }) => {
  const handle = useTestDatabase(open)
  let site: StandIn
  let ctx: LinkCheckContext
  const pages = new Map<string, { status: number; body: string }>()
  const url = (host: string, path: string) => `http://${host}:${site.port}${path}`

  const entry = (title: string, author: string, linkTo = TARGET) =>
    `<html><head><title>${title}</title></head><body><article class="h-entry">
      <h1 class="p-name">${title}</h1><a class="p-author h-card" href="/">${author}</a>
      <div class="e-content">I wrote about <a href="${linkTo}">this post</a>.</div>
    </article></body></html>`
  const plainPage = (title: string) =>
    `<html><head><title>${title}</title></head><body>No link to anything.</body></html>`

  beforeAll(async () => {
    site = await startStandIn()
    for (const path of ['/story', '/mention', '/gone']) {
      site.routes.set(path, (req, res) => {
        const page = pages.get(`${req.headers.host?.split(':')[0]}${path}`) ?? {
          status: 404,
          body: 'missing',
        }
        res.writeHead(page.status, { 'content-type': 'text/html' }).end(page.body)
      })
    }
    const allow = NAMES.map((n) => `${n}:${site.port}`).join(',')
    process.env.OUTBOUND_ALLOW = allow
    resetEnvForTests()
    const resolve: Resolver = async (name) => {
      if (!NAMES.includes(name)) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' })
      return [{ address: '127.0.0.1', family: 4 }]
    }
    ctx = { siteUrl: SITE, fetch: { allow: parseOutboundAllow(allow), resolve } }
  })
  afterAll(async () => {
    delete process.env.OUTBOUND_ALLOW
    resetEnvForTests()
    await site?.close()
  })
  beforeEach(() => {
    pages.clear()
  })

  async function mention(source: string) {
    const check = await checkWebmentionRequest(
      { source, target: TARGET },
      { siteUrl: SITE, acceptsLinks: (slug) => slug === POST },
    )
    if (!check.ok) throw new Error(check.reason)
    const outcome = await receiveWebmention(
      handle.db,
      { ...check.request, ipHash: 'sender' },
      { max: 100, windowSeconds: 600 },
    )
    expect(outcome.status).toBe('accepted')
    await drainOutbox(
      handle.db,
      webmentionJobHandlers(
        async () => handle.db,
        () => ctx,
      ),
    )
  }

  const submissionsNow = () =>
    queryRows<{
      id: number
      url: string
      title: string | null
      submitter_name: string | null
      source_kind: string
      status: string
      hidden_at: unknown
    }>(
      handle.db,
      sql`select id, url, title, submitter_name, source_kind, status, hidden_at from submissions order by id`,
    )
  const historyOf = (id: number) =>
    queryRows<{ from_status: string | null; to_status: string; via: string; detail: string }>(
      handle.db,
      sql`select from_status, to_status, via, detail from audit_log where submission_id = ${id} order by id`,
    )
  const mentionStatus = async (source: string) =>
    (
      await queryRows<{ status: string }>(
        handle.db,
        sql`select status from webmentions where source = ${source}`,
      )
    )[0]?.status
  const pendingJobs = () =>
    queryRows<{ kind: string }>(handle.db, sql`select kind from outbox where done_at is null`)

  it('a Webmention cannot take down a story the author approved from the form (finding 1)', async () => {
    const story = url('blog.example', '/story')
    pages.set('blog.example/story', { status: 200, body: plainPage('A story') })
    const sent = await submitLink(form({ url: story }), context(handle.db))
    expect(sent.message).toBe(MESSAGES.received)
    const [row] = await submissionsNow()
    await moderate(handle.db, { ids: [row!.id], action: 'approve', by: 'Ana' })
    const before = await historyOf(row!.id)

    // The page does not link back (most readers' pages won't): the mention is refused.
    await mention(story)
    expect(await mentionStatus(story)).toBe('rejected')
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)

    // Now it links back, then disappears: the mention joined the reader's link and is
    // withdrawn, but the link the reader sent stays exactly as the author left it.
    pages.set('blog.example/story', { status: 200, body: entry('A story', 'Reader') })
    await mention(story)
    expect(await mentionStatus(story)).toBe('accepted')
    pages.set('blog.example/story', { status: 410, body: 'gone' })
    await mention(story)
    expect(await mentionStatus(story)).toBe('withdrawn')
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
    expect(await submissionsNow()).toMatchObject([{ status: 'approved', hidden_at: null }])
    expect(await historyOf(row!.id)).toEqual(before)
  })

  it('a mention withdraws only its own link, audited, and the author can show it again', async () => {
    const source = url('blog.example', '/mention')
    pages.set('blog.example/mention', { status: 200, body: entry('Mentioned', 'Cleo') })
    await mention(source)
    const [row] = await submissionsNow()
    expect(row).toMatchObject({ source_kind: 'webmention', status: 'pending' })
    await moderate(handle.db, { ids: [row!.id], action: 'approve', by: 'Ana' })

    pages.set('blog.example/mention', { status: 410, body: 'gone' })
    await mention(source)
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(0)
    expect((await historyOf(row!.id)).slice(-1)[0]).toMatchObject({
      from_status: 'approved',
      to_status: 'hidden',
      via: 'webmention',
      detail: 'withdrawn: The source answered HTTP 410.',
    })
    // Re-approving (or "Show again") is the author's way back; it works.
    await moderate(handle.db, { ids: [row!.id], action: 'pending', by: 'Ana' })
    await moderate(handle.db, { ids: [row!.id], action: 'approve', by: 'Ana' })
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
  })

  it('with hiding of withdrawn mentions off, a withdrawal only flags the link', async () => {
    await saveSettings(handle.db, { hideWithdrawnMentions: false }, 'Ana')
    const source = url('blog.example', '/mention')
    pages.set('blog.example/mention', { status: 200, body: entry('Mentioned', 'Cleo') })
    await mention(source)
    const [row] = await submissionsNow()
    await moderate(handle.db, { ids: [row!.id], action: 'approve', by: 'Ana' })
    pages.set('blog.example/mention', { status: 404, body: 'gone' })
    await mention(source)
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(1)
    const [flag] = await queryRows<{ needs_look: string }>(
      handle.db,
      sql`select needs_look from submissions where id = ${row!.id}`,
    )
    expect(flag?.needs_look).toBe('its Webmention was withdrawn: The source answered HTTP 404.')
  })

  it('a mention from a blocked domain ends in spam, notifies no one, and says which rule (finding 2)', async () => {
    await setDomainRule(handle.db, { domain: 'blocked.example', kind: 'blocked', by: 'Ana' })
    const source = url('spam.blocked.example', '/mention')
    pages.set('spam.blocked.example/mention', { status: 200, body: entry('Buy now', 'Bot') })
    await mention(source)
    const [row] = await submissionsNow()
    expect(row).toMatchObject({ status: 'spam', source_kind: 'webmention' })
    expect(await historyOf(row!.id)).toEqual([
      {
        from_status: null,
        to_status: 'spam',
        via: 'blocked-domain rule',
        detail: 'blocked.example',
      },
    ])
    // No link check, no email, no webhook.
    expect(await pendingJobs()).toEqual([])
  })

  it('a mention from a trusted domain is published at once, with its rule in the History', async () => {
    await setDomainRule(handle.db, { domain: 'trusted.example', kind: 'trusted', by: 'Ana' })
    const source = url('friend.trusted.example', '/mention')
    pages.set('friend.trusted.example/mention', { status: 200, body: entry('Friendly', 'Fay') })
    await mention(source)
    const [row] = await submissionsNow()
    expect(row).toMatchObject({ status: 'approved', source_kind: 'webmention' })
    expect((await historyOf(row!.id))[0]).toMatchObject({ via: 'trusted-domain rule' })
    expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.url)).toEqual([source])
  })

  it('bidi controls in fetched text never reach the queue (finding 5)', async () => {
    const source = url('blog.example', '/mention')
    pages.set('blog.example/mention', {
      status: 200,
      body: entry('Tests \u202eeil ym', 'Eve \u202egro.elpmaxe'),
    })
    await mention(source)
    const [row] = await submissionsNow()
    expect(row?.title).toBe('Tests eil ym')
    expect(row?.submitter_name).toBe('Eve gro.elpmaxe')
    const [check] = await queryRows<{ title: string; author: string }>(
      handle.db,
      sql`select title, author from link_checks`,
    )
    expect(hasBidiControls(check!.title) || hasBidiControls(check!.author)).toBe(false)
  })

  it('the reader is told what really happened (finding 6)', async () => {
    await setDomainRule(handle.db, { domain: 'trusted.example', kind: 'trusted', by: 'Ana' })
    await setDomainRule(handle.db, { domain: 'blocked.example', kind: 'blocked', by: 'Ana' })
    const send = (link: string) =>
      submitLink(form({ url: link }), context(handle.db, { ipHash: `ip-${link}` }))

    const trusted = url('friend.trusted.example', '/story')
    expect((await send(trusted)).message).toBe(MESSAGES.published)
    expect((await send(trusted)).message).toBe(MESSAGES.duplicatePublished)
    // A blocked domain is told "received", as any other link: the rule is not revealed.
    const blocked = url('spam.blocked.example', '/story')
    expect((await send(blocked)).message).toBe(MESSAGES.received)
    expect((await send(blocked)).message).toBe(MESSAGES.duplicateWaiting)

    const rejected = url('blog.example', '/story')
    expect((await send(rejected)).message).toBe(MESSAGES.received)
    const [row] = (await submissionsNow()).filter((r) => r.url === rejected)
    await moderate(handle.db, { ids: [row!.id], action: 'reject', by: 'Ana' })
    expect((await send(rejected)).message).toBe(MESSAGES.duplicateClosed)
  })
})
