import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions, webmentions, type WebmentionStatus } from '../db/schema'
import { intake } from '../intake/intake'
import { recordCheck, type LinkCheckContext } from '../links/check'
import { linksTo, readPageMetadata } from '../links/page-metadata'
import { applyChange } from '../moderation/moderate'
import { safeFetch } from '../net/safe-fetch'
import { readSettings } from '../settings'
import { publicListsChanged } from '../visibility/events'

/** A fetch that may succeed if tried again later: the outbox retries the job. */
export class TransientSourceError extends Error {}

export type VerifyOutcome = {
  status: WebmentionStatus
  detail: string | null
  submissionId?: number
}

async function setStatus(
  db: Database,
  id: number,
  status: WebmentionStatus,
  detail: string | null,
  link?: { submissionId: number; created?: boolean },
): Promise<VerifyOutcome> {
  await db
    .update(webmentions)
    .set({
      status,
      detail,
      ...(status === 'accepted' ? { verifiedAt: sql`now()` } : {}),
      ...(link ? { submissionId: link.submissionId } : {}),
      ...(link?.created ? { createdSubmission: true } : {}),
    })
    .where(eq(webmentions.id, id))
  return { status, detail, submissionId: link?.submissionId }
}

type Mention = typeof webmentions.$inferSelect

/**
 * The submission this mention made itself, if it made one. Only that row may
 * be changed by the mention's later updates and withdrawals: a link a reader
 * sent through the form (which a mention of the same URL joins) never is.
 */
const ownSubmission = (mention: Mention): number | null =>
  mention.createdSubmission && mention.submissionId !== null ? mention.submissionId : null

/**
 * The source is gone (404/410) or no longer links to the target. A mention
 * that created its submission withdraws it: hidden, where the author's
 * settings allow it (the default), or else flagged "Needs a look"; a pending
 * one is flagged, so the author does not approve a page that is gone. Either
 * way through applyChange, audited and undoable. A mention joined to a
 * reader's own link is marked withdrawn and changes nothing.
 */
async function gone(db: Database, mention: Mention, why: string): Promise<VerifyOutcome> {
  const own = ownSubmission(mention)
  if (own === null) {
    if (mention.submissionId === null) return setStatus(db, mention.id, 'rejected', why)
    return setStatus(db, mention.id, 'withdrawn', why)
  }
  const onlyMentions = eq(submissions.sourceKind, 'webmention')
  const signal = { ids: [own], by: null, via: 'webmention', only: onlyMentions }
  const hidden = (await readSettings(db)).hideWithdrawnMentions
    ? await applyChange(db, { ...signal, change: { kind: 'hide' }, detail: `withdrawn: ${why}` })
    : { changed: 0, publicSlugs: [] }
  if (hidden.changed === 0) {
    await applyChange(db, {
      ...signal,
      change: { kind: 'flag', reason: `its Webmention was withdrawn: ${why}` },
    })
  }
  await publicListsChanged(hidden.publicSlugs)
  return setStatus(db, mention.id, 'withdrawn', why)
}

/**
 * The asynchronous half of receiving (W3C Webmention 3.2.2): fetch the source
 * through the safe fetcher, and accept the mention only if the page links to
 * the target. An accepted mention goes through the one intake (lib/intake),
 * like a link sent with the form: domain rules, audit, jobs. A mention whose
 * link is already there joins that row without touching it. Re-verifying a
 * mention that had withdrawn its own link shows the link again, if the
 * withdrawal hid it.
 */
export async function verifyWebmention(
  db: Database,
  webmentionId: number,
  ipHash: string,
  ctx: LinkCheckContext,
): Promise<VerifyOutcome | null> {
  const [mention] = await db.select().from(webmentions).where(eq(webmentions.id, webmentionId))
  if (!mention) return null

  const page = await safeFetch(mention.source, ctx.fetch)
  if (!page.ok) {
    if (page.reason === 'timeout' || page.reason === 'network' || page.reason === 'dns') {
      throw new TransientSourceError(`the source could not be fetched: ${page.message}`)
    }
    return setStatus(
      db,
      mention.id,
      'rejected',
      `The source could not be fetched: ${page.message}.`,
    )
  }
  if (page.status === 404 || page.status === 410) {
    return gone(db, mention, `The source answered HTTP ${page.status}.`)
  }
  if (page.status >= 500) {
    throw new TransientSourceError(`the source answered HTTP ${page.status}`)
  }
  const metadata = page.html !== null ? readPageMetadata(page.html, page.finalUrl) : null
  const linksBack = metadata !== null && linksTo(metadata.links, mention.target)
  if (page.status < 200 || page.status >= 300) {
    return gone(db, mention, `The source answered HTTP ${page.status}.`)
  }
  if (!linksBack) return gone(db, mention, 'The source does not link to the target.')

  const outcome = await intake(
    db,
    {
      postSlug: mention.postSlug,
      url: mention.source,
      title: metadata?.title,
      name: metadata?.author,
    },
    { source: 'webmention', ipHash, ownHost: new URL(ctx.siteUrl).hostname, text: 'fetched' },
  )
  switch (outcome.status) {
    case 'invalid':
      return setStatus(
        db,
        mention.id,
        'rejected',
        `The source is refused: ${Object.values(outcome.fieldErrors).join(' ')}`,
      )
    case 'rate-limited':
      // The intake of a mention has no limit of its own (the receiver counted it); retried if ever.
      throw new TransientSourceError('rate limited')
    case 'created':
      await recordCheck(db, outcome.id, page, mention.target)
      return setStatus(db, mention.id, 'accepted', null, {
        submissionId: outcome.id,
        created: true,
      })
    case 'duplicate': {
      if (ownSubmission(mention) === outcome.id) {
        // An update of the mention's own link: it links here again.
        const shown = await applyChange(db, {
          ids: [outcome.id],
          change: { kind: 'show', onlyHiddenVia: 'webmention' },
          by: null,
          via: 'webmention',
          detail: 'the source links here again',
          only: eq(submissions.sourceKind, 'webmention'),
        })
        await publicListsChanged(shown.publicSlugs)
        await recordCheck(db, outcome.id, page, mention.target)
      }
      return setStatus(db, mention.id, 'accepted', null, { submissionId: outcome.id })
    }
  }
}
