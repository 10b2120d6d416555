import { createHash } from 'node:crypto'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { parse } from 'parse5'
import type { Database } from '../../db'
import { outbox, postMentions } from '../../db/schema'
import { postUrl } from '../../links/check'
import { safeFetch } from '../../net/safe-fetch'
import { drainOutbox, enqueue, type DrainResult, type JobHandlers } from '../../outbox/queue'
import { sendingOffReason, type SendContext } from './config'
import { recordAttempt } from './log'
import { sendUserAgent, sendWebmention, type Attempt } from './send'
import { RetrySend } from './submission'

/*
 * The author's own posts: each external link in a published post's text is
 * mentioned once per source and target, and again when the post changes (its
 * content hash), including a link the change removed (W3C Webmention 3.1.3, so
 * its receiver can drop the mention). The cron runs it (lib/jobs/scheduled.ts):
 * - a scan job per post and content hash, queued at most once ever (its dedupe
 *   key), so only the first cron after a build that changed a post scans it; the
 *   scan reads the post's public page, as a receiver will, and queues one send
 *   job per link that needs one;
 * - at most WEBMENTION_POST_SENDS_PER_RUN send jobs run per cron run. These two
 *   kinds are drained here only, never by the drain after a response.
 * Both are outbox jobs: durable, and retried with the outbox's backoff.
 */

export const POST_SCAN_JOB = 'webmention-post-scan'
export const POST_SEND_JOB = 'webmention-post-send'

/** A post as the scan needs it: its slug and its MDX text. */
export type PublishedPost = { slug: string; body: string }

/** The content hash of a post: a mention is sent again when it changes. */
export const contentHash = (body: string): string => createHash('sha256').update(body).digest('hex')

type Node = {
  nodeName: string
  tagName?: string
  attrs?: { name: string; value: string }[]
  childNodes?: Node[]
}

const attr = (node: Node, name: string) => node.attrs?.find((a) => a.name === name)?.value

function findFirst(node: Node, test: (node: Node) => boolean): Node | undefined {
  if (test(node)) return node
  for (const child of node.childNodes ?? []) {
    const found = findFirst(child, test)
    if (found) return found
  }
  return undefined
}

function collect(node: Node, into: Node[]): Node[] {
  if (node.tagName === 'a') into.push(node)
  for (const child of node.childNodes ?? []) collect(child, into)
  return into
}

const bareHost = (host: string) => host.toLowerCase().replace(/^www\./, '')

/**
 * The external links of a post's text: every <a href> inside the page's
 * h-entry content (class "e-content", components/post/post-article.tsx) that
 * leads to another site, absolute, without fragment, first occurrence first.
 * Null when the page has no such element.
 */
export function postContentLinks(html: string, pageUrl: string, siteUrl: string): string[] | null {
  const content = findFirst(parse(html) as unknown as Node, (n) =>
    (attr(n, 'class') ?? '').split(/\s+/).includes('e-content'),
  )
  if (!content) return null
  const own = bareHost(new URL(siteUrl).hostname)
  const links: string[] = []
  for (const a of collect(content, [])) {
    const href = attr(a, 'href')
    if (!href) continue
    let url: URL
    try {
      url = new URL(href.trim(), pageUrl)
    } catch {
      continue
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue
    if (bareHost(url.hostname) === own) continue
    url.hash = ''
    if (!links.includes(url.href)) links.push(url.href)
  }
  return links
}

export type PlannedMention = {
  source: string
  target: string
  change: 'new' | 'changed' | 'removed'
}

/** What a post's links call for, against what was mentioned before (post_mentions). */
export async function planPostMentions(
  db: Database,
  input: { source: string; hash: string; links: string[] },
): Promise<PlannedMention[]> {
  const before = await db
    .select({ target: postMentions.target, contentHash: postMentions.contentHash })
    .from(postMentions)
    .where(eq(postMentions.source, input.source))
  const known = new Map(before.map((r) => [r.target, r.contentHash]))
  const planned: PlannedMention[] = []
  for (const target of input.links) {
    const hash = known.get(target)
    if (hash === input.hash) continue
    planned.push({ source: input.source, target, change: hash === undefined ? 'new' : 'changed' })
  }
  for (const target of known.keys()) {
    if (!input.links.includes(target))
      planned.push({ source: input.source, target, change: 'removed' })
  }
  return planned
}

/** Reads a post's public page and plans its mentions; throws RetrySend when the page cannot be read. */
export async function readPostPlan(
  db: Database,
  post: { slug: string; hash: string },
  ctx: SendContext,
): Promise<PlannedMention[]> {
  const source = postUrl(ctx.siteUrl, post.slug)
  const page = await safeFetch(source, { ...ctx.fetch, userAgent: sendUserAgent(ctx.siteUrl) })
  if (!page.ok) throw new RetrySend(`the post could not be fetched: ${page.message}`)
  if (page.status < 200 || page.status >= 300 || page.html === null) {
    throw new RetrySend(`the post answered HTTP ${page.status}`)
  }
  const links = postContentLinks(page.html, page.finalUrl, ctx.siteUrl)
  // Without its text marked up, every link would look removed: better to say so and stop.
  if (links === null) throw new RetrySend('the post page has no h-entry text (class "e-content")')
  return planPostMentions(db, { source, hash: post.hash, links })
}

type SendPayload = { source: string; target: string; hash: string; removed: boolean }

/** Scans one post (the scan job): queues a send job per planned mention, in one transaction. */
export async function scanPost(
  db: Database,
  post: { slug: string; hash: string },
  ctx: SendContext,
): Promise<number> {
  if (sendingOffReason(ctx)) return 0
  const plan = await readPostPlan(db, post, ctx)
  await db.transaction(async (tx) => {
    for (const m of plan) {
      const payload: SendPayload = {
        source: m.source,
        target: m.target,
        hash: post.hash,
        removed: m.change === 'removed',
      }
      await enqueue(tx, {
        kind: POST_SEND_JOB,
        payload,
        dedupeKey: `${POST_SEND_JOB}:${m.source}:${post.hash}:${m.target}`,
      })
    }
  })
  return plan.length
}

/**
 * Sends one mention of a post's link (the send job) and logs the attempt. A
 * final outcome (sent, no endpoint, refused, a 4xx) settles the pair for this
 * content hash; a removed link's pair is forgotten once its update went out.
 */
export async function sendPostMention(
  db: Database,
  payload: SendPayload,
  ctx: SendContext,
): Promise<Attempt> {
  const entry = {
    source: payload.source,
    target: payload.target,
    submissionId: null,
    reason: 'post' as const,
  }
  const off = sendingOffReason(ctx)
  const attempt: Attempt = off
    ? { outcome: 'skipped', endpoint: null, httpStatus: null, detail: off, retry: false }
    : await sendWebmention(payload.source, payload.target, ctx.fetch)
  await recordAttempt(db, entry, attempt)
  if (attempt.retry) throw new RetrySend(attempt.detail ?? attempt.outcome)
  if (off) return attempt
  const pair = and(eq(postMentions.source, payload.source), eq(postMentions.target, payload.target))
  if (payload.removed) {
    await db.delete(postMentions).where(pair)
  } else {
    await db
      .insert(postMentions)
      .values({ source: payload.source, target: payload.target, contentHash: payload.hash })
      .onConflictDoUpdate({
        target: [postMentions.source, postMentions.target],
        set: { contentHash: payload.hash, sentAt: sql`now()` },
      })
  }
  return attempt
}

const scanPayload = (p: Record<string, unknown>) => ({
  slug: String(p.slug),
  hash: String(p.hash),
})

function postJobHandlers(db: Database, ctx: SendContext): JobHandlers {
  return {
    [POST_SCAN_JOB]: async (payload) => {
      await scanPost(db, scanPayload(payload), ctx)
    },
    [POST_SEND_JOB]: async (payload) => {
      await sendPostMention(db, payload as SendPayload, ctx)
    },
  }
}

export type PostMentionsRun =
  | { skipped: string }
  | { posts: number; scansQueued: number; scans: DrainResult; sends: DrainResult }

/**
 * One cron run for the author's posts: queue a scan of each published post
 * whose content hash is new, run the scans, then at most `cap` sends.
 */
export async function runPostMentions(
  db: Database,
  published: () => Promise<PublishedPost[]>,
  ctx: SendContext,
  cap: number,
): Promise<PostMentionsRun> {
  const off = sendingOffReason(ctx)
  if (off) return { skipped: off }
  const posts = await published()
  // One scan per post and content hash, ever: the dedupe keys say which were queued before.
  const scans = posts.map((post) => {
    const hash = contentHash(post.body)
    return { slug: post.slug, hash, key: `${POST_SCAN_JOB}:${post.slug}:${hash}` }
  })
  const seen =
    scans.length === 0
      ? []
      : await db
          .select({ key: outbox.dedupeKey })
          .from(outbox)
          .where(
            inArray(
              outbox.dedupeKey,
              scans.map((s) => s.key),
            ),
          )
  const known = new Set(seen.map((r) => r.key))
  const fresh = scans.filter((s) => !known.has(s.key))
  for (const s of fresh) {
    await enqueue(db, {
      kind: POST_SCAN_JOB,
      payload: { slug: s.slug, hash: s.hash },
      dedupeKey: s.key,
    })
  }
  const handlers = postJobHandlers(db, ctx)
  const scanned = await drainOutbox(
    db,
    { [POST_SCAN_JOB]: handlers[POST_SCAN_JOB]! },
    { limit: 50, budgetMs: 10_000 },
  )
  const sends =
    cap > 0
      ? await drainOutbox(
          db,
          { [POST_SEND_JOB]: handlers[POST_SEND_JOB]! },
          { limit: cap, budgetMs: 20_000 },
        )
      : { done: 0, retried: 0, dead: 0 }
  return { posts: posts.length, scansQueued: fresh.length, scans: scanned, sends }
}

export type PostPlan =
  | { slug: string; source: string; planned: PlannedMention[] }
  | { slug: string; source: string; error: string }

/**
 * What the next runs would send for the given posts, without sending or
 * queueing anything (`npm run webmentions:send -- --dry-run`): each post's
 * public page is read (GET only) and compared with what was mentioned before.
 */
export async function planPublishedPosts(
  db: Database,
  posts: PublishedPost[],
  ctx: SendContext,
): Promise<PostPlan[]> {
  const plans: PostPlan[] = []
  for (const post of posts) {
    const source = postUrl(ctx.siteUrl, post.slug)
    try {
      const planned = await readPostPlan(db, { slug: post.slug, hash: contentHash(post.body) }, ctx)
      plans.push({ slug: post.slug, source, planned })
    } catch (error) {
      plans.push({ slug: post.slug, source, error: (error as Error).message })
    }
  }
  return plans
}
