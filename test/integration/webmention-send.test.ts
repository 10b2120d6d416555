import type http from 'node:http'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { SendLog } from '@/app/admin/_components/send-log'
import net from 'node:net'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '@/lib/db'
import { resetEnvForTests } from '@/lib/env'
import { submitLink } from '@/lib/intake/form'
import { webmentionJobHandlers } from '@/lib/jobs/webmention-jobs'
import { webmentionSendHandlers } from '@/lib/jobs/webmention-send-jobs'
import { setDomainRule } from '@/lib/moderation/domain-rules'
import { applyChange, deleteSubmissions, moderate } from '@/lib/moderation/moderate'
import { parseOutboundAllow } from '@/lib/net/outbound-allow'
import type { Resolver } from '@/lib/net/safe-fetch'
import { drainOutbox } from '@/lib/outbox/queue'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { receiveWebmention } from '@/lib/webmention/receive'
import { checkWebmentionRequest } from '@/lib/webmention/request'
import { setPublicListReader, type SendContext } from '@/lib/webmention/send/config'
import { appSendContext } from '@/lib/jobs/webmention-send-jobs'
import { latestAttempt, sendLogFor } from '@/lib/webmention/send/log'
import {
  contentHash,
  planPublishedPosts,
  runPostMentions,
} from '@/lib/webmention/send/post-mentions'
import { queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { isLoopbackTarget } from '../support/loopback-only'
import { startStandIn, type StandIn } from '../support/stand-in-server'
import { POST, context, form } from './support'

/*
 * Sending Webmentions about readers' links, end to end below the browser: the
 * moderation change queues the job (its follow-up), the outbox runs it, and
 * real HTTP servers on 127.0.0.1 play every other part. Made-up names stand for
 * them (sender.test: our site's post pages; reader.test: a reader's site with
 * an endpoint; receiver.test: a site running OUR receiver code), resolved to
 * 127.0.0.1 by an injected resolver. One name resolves to a private address
 * and must be refused without a connection: every connection the code under
 * test makes is recorded, and all must be to loopback.
 */

const PRIVATE_NAME = 'intranet.test'
const asked: string[] = []
const resolver: Resolver = async (hostname) => {
  asked.push(hostname)
  return [{ address: hostname === PRIVATE_NAME ? '10.1.2.3' : '127.0.0.1', family: 4 }]
}

/** Every TCP connection made while a test runs (the loopback guard sits below this). */
const connections: string[] = []
const connect = net.Socket.prototype.connect
function recordConnections() {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args
    if (typeof first === 'object' && first !== null && 'host' in first) {
      connections.push(String((first as { host?: string }).host))
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
  } as typeof net.Socket.prototype.connect
}

type Received = { path: string; source: string; target: string }

const readForm = (req: http.IncomingMessage) =>
  new Promise<URLSearchParams>((resolve) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => resolve(new URLSearchParams(body)))
  })

describe.each(testDatabases)('$name: sending Webmentions about readers’ links', ({ open }) => {
  const sender = useTestDatabase(open)
  const receiverDb = useTestDatabase(open)
  let senderSite: StandIn
  let reader: StandIn
  let receiver: StandIn
  let SITE: string
  let fetchOptions: SendContext['fetch']
  /** The app's own context (WEBMENTION_SEND, SITE_URL from the environment) with the test's resolver. */
  const ctx = (): SendContext => ({ ...appSendContext(), fetch: fetchOptions })
  let receiverCtx: { siteUrl: string; fetch: SendContext['fetch'] }
  const received: Received[] = []
  let endpointStatus = 202

  /** The text of the author's own post, as its public page shows it. */
  let ownPost = ''

  const senderHost = () => `sender.test:${senderSite.port}`
  const readerUrl = (path: string) => `http://reader.test:${reader.port}${path}`

  async function renderPost(db: Database): Promise<string> {
    const links = (await approvedLinksForPost(db, POST)).map((l) => l.url)
    return `<!doctype html><html><head><title>Writing about failures</title></head><body>
      <article class="h-entry"><h1 class="p-name">Writing about failures</h1>
      <div class="prose e-content"><p>The post's own text.</p></div>
      <section class="reader-links"><ul>${links
        .map((url) => `<li><a href="${url}" rel="ugc nofollow noopener">a story</a></li>`)
        .join('')}</ul></section></article></body></html>`
  }

  beforeAll(async () => {
    senderSite = await startStandIn()
    senderSite.routes.set(`/posts/${POST}`, (_req, res) => {
      void renderPost(sender.db).then((body) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body),
      )
    })

    senderSite.routes.set('/posts/own-post', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><article class="h-entry"><h1 class="p-name">Own post</h1>
        <div class="prose e-content">${ownPost}</div>
        <nav><a href="https://elsewhere.example/not-in-the-text">not in the text</a></nav></article>`,
      )
    })

    reader = await startStandIn()
    const page = (headers: Record<string, string>) => (_req: unknown, res: http.ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/html', ...headers }).end('<p>My story.</p>')
    }
    reader.routes.set('/story', page({ link: '</webmention>; rel="webmention"' }))
    reader.routes.set('/quiet', page({}))
    reader.routes.set('/story-two', page({ link: '</webmention>; rel="webmention"' }))
    reader.routes.set(
      '/inward',
      page({ link: `<http://${PRIVATE_NAME}/webmention>; rel=webmention` }),
    )
    reader.routes.set('/webmention', (req, res) => {
      void readForm(req).then((form) => {
        received.push({
          path: '/webmention',
          source: form.get('source') ?? '',
          target: form.get('target') ?? '',
        })
        res.writeHead(endpointStatus, { 'content-type': 'text/plain' }).end('thanks')
      })
    })

    // The receiving site: our receiver (lib/webmention request, receive, verify) behind a
    // plain HTTP server, as app/webmention/route.ts runs it, with a database of its own.
    receiver = await startStandIn()
    const receiverSite = `http://receiver.test:${receiver.port}`
    receiver.routes.set('/posts/their-post', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<html><head><link rel="webmention" href="/webmention"></head><body>Theirs.</body></html>`,
        )
    })
    receiver.routes.set('/webmention', (req, res) => {
      void (async () => {
        const form = await readForm(req)
        const check = await checkWebmentionRequest(
          { source: form.get('source') ?? undefined, target: form.get('target') ?? undefined },
          { siteUrl: receiverSite, acceptsLinks: (slug) => slug === 'their-post' },
        )
        if (!check.ok) return res.writeHead(400).end(check.reason)
        const outcome = await receiveWebmention(
          receiverDb.db,
          { ...check.request, ipHash: 'sender-site' },
          { max: 100, windowSeconds: 600 },
        )
        res.writeHead(outcome.status === 'accepted' ? 201 : 429).end()
        // After the answer, as drainAfterResponse() does: verify by fetching the source.
        await drainOutbox(
          receiverDb.db,
          webmentionJobHandlers(
            async () => receiverDb.db,
            () => receiverCtx,
          ),
        )
        received.push({ path: 'receiver', source: '', target: '' })
      })()
    })

    SITE = `http://${senderHost()}`
    const allow = [senderHost(), `reader.test:${reader.port}`, `receiver.test:${receiver.port}`]
    process.env.SITE_URL = SITE
    process.env.OUTBOUND_ALLOW = allow.join(',')
    process.env.OUTBOUND_ALLOW_ONLY = 'true'
    resetEnvForTests()
    const fetch = { allow: parseOutboundAllow(allow.join(',')), allowOnly: true, resolve: resolver }
    fetchOptions = fetch
    receiverCtx = { siteUrl: receiverSite, fetch }
  })

  afterAll(async () => {
    for (const key of ['SITE_URL', 'OUTBOUND_ALLOW', 'OUTBOUND_ALLOW_ONLY', 'WEBMENTION_SEND']) {
      delete process.env[key]
    }
    resetEnvForTests()
    await Promise.all([senderSite?.close(), reader?.close(), receiver?.close()])
  })

  beforeEach(() => {
    received.length = 0
    asked.length = 0
    connections.length = 0
    endpointStatus = 202
    delete process.env.WEBMENTION_SEND
    resetEnvForTests()
    recordConnections()
  })

  afterEach(() => {
    net.Socket.prototype.connect = connect
    // Whatever a test did, it connected to nothing but loopback.
    expect(connections.filter((host) => !isLoopbackTarget(host))).toEqual([])
  })

  /** Runs the due Webmention jobs, as the drain after a response does. */
  const drain = (context = ctx()) =>
    drainOutbox(
      sender.db,
      webmentionSendHandlers(
        async () => sender.db,
        () => context,
      ),
    )

  async function submitted(path = '/story'): Promise<{ id: number; url: string }> {
    const url = path.startsWith('http') ? path : readerUrl(path)
    const answer = await submitLink(form({ url }), context(sender.db))
    expect(answer.status).toBe('success')
    const [row] = await queryRows<{ id: number }>(
      sender.db,
      sql`select id from submissions where url = ${url}`,
    )
    return { id: row!.id, url }
  }

  const sendLog = async (id: number) =>
    (await sendLogFor(sender.db, [id], 20)).get(id)?.reverse() ?? []

  const sendJobs = () =>
    queryRows<{
      payload: { reason: string }
      attempts: number
      done: boolean
      last_error: string | null
    }>(
      sender.db,
      sql`select payload, attempts, done_at is not null as done, last_error from outbox
          where kind = 'webmention-send' order by id`,
    )

  /** Lets the outbox's backoff pass at once. */
  const dueNow = () =>
    sender.db.execute(sql`update outbox set run_after = now() where done_at is null`)

  async function published(path = '/story') {
    const link = await submitted(path)
    await moderate(sender.db, { ids: [link.id], action: 'approve', by: 'Ana' })
    await drain()
    return link
  }

  it('approving a link sends the post → the reader’s page, once the post shows it', async () => {
    const { id, url } = await submitted()
    expect(await sendJobs()).toEqual([])
    await moderate(sender.db, { ids: [id], action: 'approve', by: 'Ana' })
    expect((await sendJobs()).map((j) => j.payload)).toEqual([
      { submissionId: id, reason: 'approved' },
    ])
    await drain()
    expect(received).toEqual([
      { path: '/webmention', source: `${SITE}/posts/${POST}`, target: url },
    ])
    expect(await sendLog(id)).toMatchObject([
      {
        target: url,
        reason: 'approved',
        outcome: 'sent',
        endpoint: readerUrl('/webmention'),
        httpStatus: 202,
        detail: null,
      },
    ])
    expect(await latestAttempt(sender.db, id)).toMatchObject({
      reason: 'approved',
      outcome: 'sent',
    })
    expect((await sendJobs())[0]).toMatchObject({ attempts: 1, done: true })
  })

  it('a cached list still being invalidated when the job reads it is read again a moment later', async () => {
    const { id } = await submitted()
    let reads = 0
    setPublicListReader(async (slug) =>
      reads++ === 0 ? [] : approvedLinksForPost(sender.db, slug),
    )
    try {
      await moderate(sender.db, { ids: [id], action: 'approve', by: 'Ana' })
      await drain()
    } finally {
      setPublicListReader(undefined)
    }
    expect(reads).toBe(2)
    expect((await sendLog(id)).map((e) => e.outcome)).toEqual(['sent'])
  })

  it('waits for the post’s cached public list: a stale one is retried with the outbox’s backoff', async () => {
    const { id, url } = await submitted()
    // The cache the post page renders from still holds the list without the link.
    setPublicListReader(async () => [])
    try {
      await moderate(sender.db, { ids: [id], action: 'approve', by: 'Ana' })
      await drain()
      expect(received).toEqual([])
      expect(await sendLog(id)).toMatchObject([
        {
          outcome: 'failed',
          endpoint: null,
          detail: 'not sent yet: the post’s public list does not show the link yet',
        },
      ])
      const [job] = await sendJobs()
      expect(job).toMatchObject({ attempts: 1, done: false })
      expect(job?.last_error).toMatch(/does not show the link yet/)
      // Refilled: it now reads what the database says.
      setPublicListReader(async (slug) => approvedLinksForPost(sender.db, slug))
      await dueNow()
      await drain()
      expect(received.map((r) => r.target)).toEqual([url])
      expect((await sendLog(id)).map((e) => e.outcome)).toEqual(['failed', 'sent'])
    } finally {
      setPublicListReader(undefined)
    }
  })

  it.each([
    [
      'rejected',
      'taken-back',
      (db: Database, id: number) => moderate(db, { ids: [id], action: 'reject', by: 'Ana' }),
    ],
    [
      'deleted',
      'taken-back',
      (db: Database, id: number) => deleteSubmissions(db, { ids: [id], by: 'Ana' }),
    ],
    [
      'hidden by the author',
      'taken-back',
      (db: Database, id: number) =>
        applyChange(db, { ids: [id], change: { kind: 'hide' }, by: 'Ana', via: 'admin' }),
    ],
    [
      'withdrawn by the reader',
      'withdrawn',
      (db: Database, id: number) =>
        applyChange(db, { ids: [id], change: { kind: 'hide' }, by: null, via: 'reader' }),
    ],
  ] as const)(
    'a published link %s is sent again, as %s, once the post no longer shows it',
    async (_how, reason, change) => {
      const { id, url } = await published()
      received.length = 0
      await change(sender.db, id)
      await drain()
      expect(received).toEqual([
        { path: '/webmention', source: `${SITE}/posts/${POST}`, target: url },
      ])
      expect((await sendLog(id)).map((e) => [e.reason, e.outcome])).toEqual([
        ['approved', 'sent'],
        [reason, 'sent'],
      ])
      expect(await approvedLinksForPost(sender.db, POST)).toEqual([])
    },
  )

  it('a change undone before its job ran sends nothing stale; an unannounced link is not taken back', async () => {
    const { id } = await submitted()
    await moderate(sender.db, { ids: [id], action: 'approve', by: 'Ana' })
    await moderate(sender.db, { ids: [id], action: 'reject', by: 'Ana' })
    await drain()
    expect(received).toEqual([])
    expect((await sendLog(id)).map((e) => [e.reason, e.outcome, e.detail])).toEqual([
      ['approved', 'skipped', 'the link is no longer public'],
      ['taken-back', 'skipped', 'the reader’s site was never told it was published'],
    ])
  })

  it('a link published as it arrived (trusted domain) is announced too', async () => {
    await setDomainRule(sender.db, { domain: 'reader.test', kind: 'trusted', by: 'Ana' })
    const { id } = await submitted()
    await drain()
    expect(received).toHaveLength(1)
    expect((await sendLog(id)).map((e) => e.outcome)).toEqual(['sent'])
  })

  it('a page with no endpoint is logged as such and not retried', async () => {
    const { id, url } = await published('/quiet')
    expect(received).toEqual([])
    expect(await sendLog(id)).toMatchObject([
      { target: url, outcome: 'no-endpoint', endpoint: null, httpStatus: 200 },
    ])
    expect((await sendJobs())[0]).toMatchObject({ attempts: 1, done: true })
  })

  it('an endpoint answering 503 is retried with the outbox’s backoff until it accepts', async () => {
    endpointStatus = 503
    const { id } = await published()
    const [job] = await sendJobs()
    expect(job).toMatchObject({ attempts: 1, done: false })
    // Not due again yet: the backoff (30 s after the first failure) holds it.
    await drain()
    expect(received).toHaveLength(1)
    endpointStatus = 201
    await dueNow()
    await drain()
    expect(received).toHaveLength(2)
    expect((await sendLog(id)).map((e) => [e.outcome, e.httpStatus])).toEqual([
      ['failed', 503],
      ['sent', 201],
    ])
    expect((await sendJobs())[0]).toMatchObject({ attempts: 2, done: true })
    // The card's send log, newest first.
    const html = renderToStaticMarkup(
      createElement(SendLog, { id, entries: (await sendLogFor(sender.db, [id])).get(id) }),
    )
    expect(html).toContain('<summary>Webmention: sent (published)</summary>')
    expect(html.indexOf('(HTTP 201)')).toBeLessThan(html.indexOf('(HTTP 503)'))
    expect(html).toContain(`to <bdi class="url-text">${readerUrl('/webmention')}</bdi>`)
  })

  it('WEBMENTION_SEND=false: nothing is queued, and a job queued before runs to "skipped"', async () => {
    const before = await submitted()
    await moderate(sender.db, { ids: [before.id], action: 'approve', by: 'Ana' })
    process.env.WEBMENTION_SEND = 'false'
    resetEnvForTests()
    const after = await submitted('/story?second')
    await moderate(sender.db, { ids: [after.id], action: 'approve', by: 'Ana' })
    expect((await sendJobs()).map((j) => j.payload)).toEqual([
      { submissionId: before.id, reason: 'approved' },
    ])
    await drain()
    expect(received).toEqual([])
    expect(asked).toEqual([])
    expect(await sendLog(before.id)).toMatchObject([
      { outcome: 'skipped', detail: 'sending is off (WEBMENTION_SEND=false)' },
    ])
    expect(await sendLog(after.id)).toEqual([])
  })

  it('an endpoint on a private address is refused without a connection', async () => {
    // The policy itself, not only the allow-list: addresses are checked, names resolved (injected).
    const open = { ...ctx(), fetch: { ...fetchOptions, allowOnly: false } }
    const { id } = await submitted('/inward')
    await moderate(sender.db, { ids: [id], action: 'approve', by: 'Ana' })
    await drain(open)
    expect(await sendLog(id)).toMatchObject([
      {
        outcome: 'refused',
        endpoint: `http://${PRIVATE_NAME}/webmention`,
        detail: 'the endpoint points to an internal address',
      },
    ])
    expect(asked).toContain(PRIVATE_NAME)
    expect((await sendJobs())[0]).toMatchObject({ done: true })
    // And with outbound requests limited to the allow-list, the name is not even looked up.
    asked.length = 0
    await moderate(sender.db, { ids: [id], action: 'reject', by: 'Ana' })
    await moderate(sender.db, { ids: [id], action: 'approve', by: 'Ana' })
    await drain()
    expect(asked).not.toContain(PRIVATE_NAME)
    expect((await sendLog(id)).at(-1)).toMatchObject({ outcome: 'refused' })
  })

  it('two servers: our sender tells a site running our receiver, which verifies and later withdraws', async () => {
    const target = `http://receiver.test:${receiver.port}/posts/their-post`
    const { id } = await published(target)
    const mentions = () =>
      queryRows<{ source: string; target: string; status: string; detail: string | null }>(
        receiverDb.db,
        sql`select source, target, status, detail from webmentions`,
      )
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1)
    expect(await mentions()).toEqual([
      { source: `${SITE}/posts/${POST}`, target, status: 'accepted', detail: null },
    ])
    const [story] = await queryRows<{ url: string; source_kind: string; status: string }>(
      receiverDb.db,
      sql`select url, source_kind, status from submissions`,
    )
    expect(story).toEqual({
      url: `${SITE}/posts/${POST}`,
      source_kind: 'webmention',
      status: 'pending',
    })
    expect((await sendLog(id)).map((e) => [e.outcome, e.httpStatus])).toEqual([['sent', 201]])

    await moderate(sender.db, { ids: [id], action: 'reject', by: 'Ana' })
    await drain()
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2)
    expect(await mentions()).toMatchObject([
      { status: 'withdrawn', detail: 'The source does not link to the target.' },
    ])
    expect((await sendLog(id)).map((e) => [e.reason, e.outcome])).toEqual([
      ['approved', 'sent'],
      ['taken-back', 'sent'],
    ])
  })

  describe('the author’s own posts', () => {
    const postMentionRows = () =>
      queryRows<{ target: string; content_hash: string }>(
        sender.db,
        sql`select target, content_hash from post_mentions order by target`,
      )
    const postSends = () =>
      queryRows<{ target: string; outcome: string; submission_id: number | null }>(
        sender.db,
        sql`select target, outcome, submission_id from webmention_sends where reason = 'post' order by id`,
      )

    it('each external link is mentioned once per content hash, at most `cap` per run, again after a change', async () => {
      const source = `${SITE}/posts/own-post`
      ownPost = `<p>See <a href="${readerUrl('/story')}">a story</a>, <a href="${readerUrl('/story')}#again">again</a>,
        <a href="${readerUrl('/quiet')}">a quiet page</a>, <a href="/posts/${POST}">our other post</a>,
        <a href="${SITE}/about">about</a> and <a href="mailto:me@example.com">mail</a>.</p>`
      const v1 = [{ slug: 'own-post', body: 'version 1' }]
      const posts = (list: typeof v1) => async () => list

      const plan = await planPublishedPosts(sender.db, v1, ctx())
      expect(plan).toEqual([
        {
          slug: 'own-post',
          source,
          planned: [
            { source, target: readerUrl('/story'), change: 'new' },
            { source, target: readerUrl('/quiet'), change: 'new' },
          ],
        },
      ])
      expect(received).toEqual([]) // the dry run only read our own page

      const first = await runPostMentions(sender.db, posts(v1), ctx(), 1)
      expect(first).toMatchObject({
        posts: 1,
        scansQueued: 1,
        scans: { done: 1 },
        sends: { done: 1 },
      })
      expect(received).toEqual([{ path: '/webmention', source, target: readerUrl('/story') }])
      const second = await runPostMentions(sender.db, posts(v1), ctx(), 1)
      expect(second).toMatchObject({ scansQueued: 0, scans: { done: 0 }, sends: { done: 1 } })
      const third = await runPostMentions(sender.db, posts(v1), ctx(), 1)
      expect(third).toMatchObject({ scansQueued: 0, sends: { done: 0 } })
      expect(received).toHaveLength(1)
      expect(await postSends()).toEqual([
        { target: readerUrl('/story'), outcome: 'sent', submission_id: null },
        { target: readerUrl('/quiet'), outcome: 'no-endpoint', submission_id: null },
      ])
      const hash1 = contentHash('version 1')
      expect(await postMentionRows()).toEqual([
        { target: readerUrl('/quiet'), content_hash: hash1 },
        { target: readerUrl('/story'), content_hash: hash1 },
      ])
      expect(await planPublishedPosts(sender.db, v1, ctx())).toMatchObject([{ planned: [] }])

      // The post changes: the kept link is sent again, the new one once, the removed one as an update.
      ownPost = `<p><a href="${readerUrl('/story')}">a story</a> and <a href="${readerUrl('/story-two')}">another</a>.</p>`
      const v2 = [{ slug: 'own-post', body: 'version 2' }]
      received.length = 0
      const changed = await runPostMentions(sender.db, posts(v2), ctx(), 10)
      expect(changed).toMatchObject({ scansQueued: 1, sends: { done: 3 } })
      expect(received.map((r) => r.target).sort()).toEqual([
        readerUrl('/story'),
        readerUrl('/story-two'),
      ])
      const hash2 = contentHash('version 2')
      expect(await postMentionRows()).toEqual([
        { target: readerUrl('/story'), content_hash: hash2 },
        { target: readerUrl('/story-two'), content_hash: hash2 },
      ])
    })

    it('a post page without its h-entry text is not read as a post whose links were removed', async () => {
      senderSite.routes.set('/posts/bare', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>No markup.</p>')
      })
      expect(await planPublishedPosts(sender.db, [{ slug: 'bare', body: 'b' }], ctx())).toEqual([
        {
          slug: 'bare',
          source: `${SITE}/posts/bare`,
          error: 'the post page has no h-entry text (class "e-content")',
        },
      ])
    })

    it('sends nothing while WEBMENTION_SEND=false', async () => {
      process.env.WEBMENTION_SEND = 'false'
      resetEnvForTests()
      ownPost = `<a href="${readerUrl('/story')}">a story</a>`
      const run = await runPostMentions(
        sender.db,
        async () => [{ slug: 'own-post', body: 'x' }],
        ctx(),
        5,
      )
      expect(run).toEqual({ skipped: 'sending is off (WEBMENTION_SEND=false)' })
      expect(received).toEqual([])
      expect(asked).toEqual([])
    })
  })
})
