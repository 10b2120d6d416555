import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resetEnvForTests } from '@/lib/env'
import { webmentionJobHandlers } from '@/lib/jobs/webmention-jobs'
import type { LinkCheckContext } from '@/lib/links/check'
import { parseOutboundAllow } from '@/lib/net/outbound-allow'
import { drainOutbox } from '@/lib/outbox/queue'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { receiveWebmention } from '@/lib/webmention/receive'
import { checkWebmentionRequest, type RequestContext } from '@/lib/webmention/request'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { webmentionStatusText } from '@/lib/webmention/status'
import { startStandIn, type StandIn } from '../support/stand-in-server'
import { OTHER_POST, POST, approve, context, form } from './support'

/*
 * The webmention.rocks receiver cases that apply, rebuilt against local pages:
 * receiver #1 (a valid request is acknowledged, with a status page), receiver #2
 * (invalid source, invalid target, both: 400), and the update and delete
 * flows (a re-sent mention refreshes; a 410 source takes the mention down).
 */
const SITE = 'https://redgreenrepeat.dev'
const TARGET = `${SITE}/posts/${POST}`

const requestContext: RequestContext = {
  siteUrl: SITE,
  acceptsLinks: (slug) => slug === POST,
}

describe('checkWebmentionRequest: what is refused with a 400', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a missing source', { target: TARGET }, /source parameter is missing/],
    ['a missing target', { source: 'https://blog.example/post' }, /target parameter is missing/],
    ['an invalid source URL', { source: 'not a url', target: TARGET }, /source is not a valid URL/],
    [
      'an invalid target URL',
      { source: 'https://blog.example/post', target: 'http://' },
      /target is not a valid URL/,
    ],
    ['both invalid', { source: '::', target: '//' }, /source is not a valid URL/],
    [
      'an unsupported scheme',
      { source: 'ftp://blog.example/post', target: TARGET },
      /must use http or https/,
    ],
    ['source = target', { source: TARGET, target: `${TARGET}#x` }, /are the same URL/],
    [
      'a target on another site',
      { source: 'https://blog.example/post', target: 'https://other.example/posts/x' },
      /not a post on this site/,
    ],
    [
      'a target that is not a post',
      { source: 'https://blog.example/post', target: `${SITE}/about` },
      /not a post on this site/,
    ],
    [
      'a post that takes no reader links',
      { source: 'https://blog.example/post', target: `${SITE}/posts/${OTHER_POST}` },
      /not a post that accepts Webmentions/,
    ],
    [
      'a source on an internal address',
      { source: 'http://10.0.0.1/post', target: TARGET },
      /source is refused/,
    ],
  ])('refuses %s', async (_name, body, reason) => {
    const check = await checkWebmentionRequest(body, requestContext)
    expect(check.ok).toBe(false)
    expect(!check.ok && check.reason).toMatch(reason)
  })

  it('accepts a valid pair, naming the canonical target and the source domain', async () => {
    const check = await checkWebmentionRequest(
      { source: 'https://www.blog.example.co.uk/2025/post', target: `${TARGET}/` },
      requestContext,
    )
    expect(check).toEqual({
      ok: true,
      request: {
        source: 'https://www.blog.example.co.uk/2025/post',
        target: TARGET,
        postSlug: POST,
        sourceDomain: 'example.co.uk',
      },
    })
  })
})

describe.each(testDatabases)('$name: receiving Webmentions', ({ open }) => {
  const handle = useTestDatabase(open)
  let site: StandIn
  let ctx: LinkCheckContext
  const pages = new Map<string, { status: number; body: string }>()

  const entry = (title: string, author: string, linkTo = TARGET) =>
    `<html><head><title>Site title</title></head><body><article class="h-entry">
      <h1 class="p-name">${title}</h1><a class="p-author h-card" href="/">${author}</a>
      <div class="e-content">I wrote about <a href="${linkTo}">this post</a>.</div>
    </article></body></html>`

  beforeAll(async () => {
    site = await startStandIn()
    // A source that redirects to an internal name: localhost on a port that is not
    // on the allow-list, so it is refused before any connection.
    site.routes.set('/to-internal', (_req, res) => {
      res.writeHead(302, { location: 'http://localhost:9/admin' }).end()
    })
    for (const path of ['/mention', '/form-sent', '/nolink', '/gone', '/other']) {
      site.routes.set(path, (_req, res) => {
        const page = pages.get(path) ?? { status: 404, body: 'missing' }
        res.writeHead(page.status, { 'content-type': 'text/html' }).end(page.body)
      })
    }
    process.env.OUTBOUND_ALLOW = site.target
    resetEnvForTests()
    ctx = { siteUrl: SITE, fetch: { allow: parseOutboundAllow(site.target) } }
  })
  afterAll(async () => {
    delete process.env.OUTBOUND_ALLOW
    resetEnvForTests()
    await site?.close()
  })
  beforeEach(async () => {
    pages.clear()
  })

  const limit = { max: 100, windowSeconds: 600 }

  async function mention(path: string, rateLimit = limit) {
    const check = await checkWebmentionRequest(
      { source: `${site.origin}${path}`, target: TARGET },
      requestContext,
    )
    if (!check.ok) throw new Error(check.reason)
    const outcome = await receiveWebmention(
      handle.db,
      { ...check.request, ipHash: 'sender' },
      rateLimit,
    )
    if (outcome.status === 'accepted') {
      await drainOutbox(
        handle.db,
        webmentionJobHandlers(
          async () => handle.db,
          () => ctx,
        ),
      )
    }
    return outcome
  }

  const mentionRow = (path: string) =>
    queryRows<{
      status: string
      detail: string | null
      submission_id: number | null
      token: string
    }>(
      handle.db,
      sql`select status, detail, submission_id, token from webmentions where source = ${`${site.origin}${path}`}`,
    ).then((rows) => rows[0])

  const submissionsNow = () =>
    queryRows<{
      id: number
      title: string | null
      submitter_name: string | null
      source_kind: string
      status: string
    }>(
      handle.db,
      sql`select id, title, submitter_name, source_kind, status from submissions order by id`,
    )

  it('receiver #1: a source that links to the target becomes a pending "Webmention" submission', async () => {
    pages.set('/mention', { status: 200, body: entry('Why my tests lied', 'Cleo') })
    const outcome = await mention('/mention')
    expect(outcome).toMatchObject({ status: 'accepted' })
    const row = await mentionRow('/mention')
    expect(row).toMatchObject({ status: 'accepted', detail: null })
    expect(outcome.status === 'accepted' && outcome.token).toBe(row?.token)
    expect(await submissionsNow()).toEqual([
      {
        id: row?.submission_id,
        title: 'Why my tests lied',
        submitter_name: 'Cleo',
        source_kind: 'webmention',
        status: 'pending',
      },
    ])
    const [check] = await queryRows<{ links_back: boolean; reachable: boolean }>(
      handle.db,
      sql`select links_back, reachable from link_checks`,
    )
    expect(check).toEqual({ links_back: true, reachable: true })
  })

  it('rejects a source that does not link to the target, with the reason on its status page', async () => {
    pages.set('/nolink', { status: 200, body: entry('Unrelated', 'Dee', `${SITE}/posts/another`) })
    await mention('/nolink')
    expect(await mentionRow('/nolink')).toMatchObject({
      status: 'rejected',
      detail: 'The source does not link to the target.',
      submission_id: null,
    })
    expect(await submissionsNow()).toEqual([])
  })

  it('a mention of a URL already sent through the form is the same submission', async () => {
    const state = await submitLink(
      form({ url: `${site.origin}/form-sent`, title: 'Typed by the reader' }),
      context(handle.db),
    )
    expect(state.status).toBe('success')
    pages.set('/form-sent', { status: 200, body: entry('From the page', 'Eve') })
    await mention('/form-sent')
    const rows = await submissionsNow()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ title: 'Typed by the reader', source_kind: 'form' })
    expect((await mentionRow('/form-sent'))?.submission_id).toBe(rows[0]?.id)
  })

  it('update: a repeated mention refreshes the same entry', async () => {
    pages.set('/mention', { status: 200, body: entry('First title', 'Fay') })
    const first = await mention('/mention')
    pages.set('/mention', { status: 200, body: entry('Second title', 'Fay') })
    const second = await mention('/mention')
    expect(second.status).toBe('accepted')
    // A status page per request, for the same mention.
    expect(second.status === 'accepted' && second.token).not.toBe(
      first.status === 'accepted' && first.token,
    )
    expect(await submissionsNow()).toHaveLength(1)
    const [check] = await queryRows<{ title: string }>(
      handle.db,
      sql`select title from link_checks`,
    )
    expect(check?.title).toBe('Second title')
  })

  it('delete: a source that answers 410, or stops linking, leaves the public list', async () => {
    pages.set('/gone', { status: 200, body: entry('Soon gone', 'Gus') })
    pages.set('/other', { status: 200, body: entry('Soon unlinked', 'Hal') })
    await mention('/gone')
    await mention('/other')
    await approve(handle.db)
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(2)

    pages.set('/gone', { status: 410, body: 'gone' })
    await mention('/gone')
    expect(await mentionRow('/gone')).toMatchObject({
      status: 'withdrawn',
      detail: 'The source answered HTTP 410.',
    })
    pages.set('/other', {
      status: 200,
      body: entry('Unlinked', 'Hal', 'https://elsewhere.example/'),
    })
    await mention('/other')
    expect(await mentionRow('/other')).toMatchObject({ status: 'withdrawn' })
    expect(await approvedLinksForPost(handle.db, POST)).toHaveLength(0)

    // Linking again brings it back.
    pages.set('/other', { status: 200, body: entry('Linked again', 'Hal') })
    await mention('/other')
    expect((await approvedLinksForPost(handle.db, POST)).map((l) => l.url)).toEqual([
      `${site.origin}/other`,
    ])
  })

  it('rate-limits per source domain', async () => {
    pages.set('/mention', { status: 200, body: entry('Hello', 'Ivy') })
    const tight = { max: 2, windowSeconds: 600 }
    expect((await mention('/mention', tight)).status).toBe('accepted')
    expect((await mention('/nolink', tight)).status).toBe('accepted')
    const third = await mention('/gone', tight)
    expect(third).toMatchObject({ status: 'rate-limited' })
    expect(third.status === 'rate-limited' && third.retryAfterSeconds).toBeGreaterThan(0)
    expect(await mentionRow('/gone')).toBeUndefined()
  })

  const tokenOf = (outcome: Awaited<ReturnType<typeof mention>>) => {
    if (outcome.status !== 'accepted') throw new Error(`not accepted: ${outcome.status}`)
    return outcome.token
  }

  it('a re-sent mention from another sender gets a status page of its own', async () => {
    pages.set('/mention', { status: 200, body: entry('Shared', 'Jo') })
    const first = tokenOf(await mention('/mention'))
    const second = tokenOf(await mention('/mention'))
    const third = tokenOf(await mention('/mention'))
    expect(new Set([first, second, third]).size).toBe(3)

    // One mention, three receipts, each naming it.
    const receipts = await queryRows<{ token: string; webmention_id: number }>(
      handle.db,
      sql`select token, webmention_id from webmention_receipts order by received_at, token`,
    )
    expect(receipts.map((r) => r.token).sort()).toEqual([first, second, third].sort())
    const [only] = await queryRows<{ id: number; n: number }>(
      handle.db,
      sql`select min(id) as id, count(*)::int as n from webmentions`,
    )
    expect(only?.n).toBe(1)
    expect(receipts.every((r) => r.webmention_id === only?.id)).toBe(true)

    // Each page shows the mention's status and that sender's own time of receipt.
    const times = await queryRows<{ token: string; at: string }>(
      handle.db,
      sql`select token, to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from webmention_receipts`,
    )
    for (const { token, at } of times) {
      const page = await webmentionStatusText(handle.db, token)
      expect(page).toContain('Status: accepted')
      expect(page).toContain(`Received: ${at}`)
    }
    expect(await webmentionStatusText(handle.db, 'unknown-token-0123456789')).toBeNull()
    expect(await webmentionStatusText(handle.db, 'bad token')).toBeNull()
  })

  it("a mention from before receipts keeps its status page (the row's own token)", async () => {
    pages.set('/mention', { status: 200, body: entry('Old', 'Kit') })
    await mention('/mention')
    await handle.db.execute(sql`delete from webmention_receipts`)
    const row = await mentionRow('/mention')
    const page = await webmentionStatusText(handle.db, row!.token)
    expect(page).toContain('Status: accepted')
    // A later sender still gets a token of its own, never the row's.
    const later = tokenOf(await mention('/mention'))
    expect(later).not.toBe(row!.token)
    expect(await webmentionStatusText(handle.db, later)).toContain('Status: accepted')
  })

  it('a status page never shows addresses or how a name resolved', async () => {
    await mention('/to-internal')
    const row = await mentionRow('/to-internal')
    expect(row?.status).toBe('rejected')
    const page = (await webmentionStatusText(handle.db, row!.token)) ?? ''
    expect(page).toContain('Status: rejected')
    expect(page).toContain('Reason: The source could not be fetched.')
    // The source line is what the sender sent; nothing after it is from the network.
    const shown = page.replace(`Source: ${site.origin}/to-internal`, '')
    expect(shown).not.toMatch(/127\.0\.0\.1|localhost|loopback|::1|refused|resolv/i)

    // Whatever the verifier stored for the author, the page shows fixed words only.
    for (const detail of [
      'The source could not be fetched: refused to connect to intranet.corp (10.1.2.3, private address).',
      'connect ECONNREFUSED 127.0.0.1:8080',
      'getaddrinfo ENOTFOUND db.internal',
      'The source answered HTTP 404. (via 192.168.0.9)',
    ]) {
      await handle.db.execute(
        sql`update webmentions set detail = ${detail} where id = (select id from webmentions where token = ${row!.token})`,
      )
      const text = (await webmentionStatusText(handle.db, row!.token)) ?? ''
      expect(text).toContain('Reason: The source could not be fetched.')
      expect(text.replace(`Source: ${site.origin}/to-internal`, '')).not.toMatch(
        /\d+\.\d+\.\d+\.\d+|intranet|internal|ECONN|ENOTFOUND/,
      )
    }
  })

  it('a status page gives an HTTP status code and "does not link" as they are', async () => {
    pages.set('/nolink', { status: 200, body: entry('Unrelated', 'Lu', `${SITE}/posts/another`) })
    const token = tokenOf(await mention('/nolink'))
    expect(await webmentionStatusText(handle.db, token)).toContain(
      'Reason: The source does not link to the target.',
    )
    const gone = tokenOf(await mention('/gone')) // no page: 404
    expect(await webmentionStatusText(handle.db, gone)).toContain(
      'Reason: The source answered HTTP 404.',
    )
  })
})
