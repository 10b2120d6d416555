import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, submissions, webmentions, type WebmentionStatus } from '../db/schema'
import { recordCheck, type LinkCheckContext } from '../links/check'
import { linksTo, readPageMetadata } from '../links/page-metadata'
import { safeFetch } from '../net/safe-fetch'
import { jobsForNewSubmission } from '../outbox/new-submission-jobs'
import { enqueue } from '../outbox/queue'
import { normalizeSubmittedUrl } from '../submissions/normalize-url'
import { publicVisibility } from '../submissions/public-list'
import { publicListsChanged } from '../submissions/visibility-events'

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
  submissionId?: number,
): Promise<VerifyOutcome> {
  await db
    .update(webmentions)
    .set({
      status,
      detail,
      ...(status === 'accepted' ? { verifiedAt: sql`now()` } : {}),
      ...(submissionId !== undefined ? { submissionId } : {}),
    })
    .where(eq(webmentions.id, id))
  return { status, detail, submissionId }
}

/** Takes a mention's submission out of the public lists (its source is gone or no longer links). */
async function withdraw(db: Database, submissionId: number): Promise<void> {
  const before = await publicVisibility(db, submissionId)
  await db
    .insert(linkChecks)
    .values({ submissionId, checkedAt: sql`now()`, reachable: false, withdrawnAt: sql`now()` })
    .onConflictDoUpdate({
      target: linkChecks.submissionId,
      set: { withdrawnAt: sql`coalesce(${linkChecks.withdrawnAt}, now())` },
    })
  const after = await publicVisibility(db, submissionId)
  if (before && after && before.visible !== after.visible)
    await publicListsChanged([before.postSlug])
}

/**
 * The asynchronous half (W3C Webmention 3.2.2): fetch the source through the
 * safe fetcher, and accept the mention only if the page links to the target.
 * An accepted mention becomes (or refreshes) a pending submission marked
 * "Webmention", or joins the form submission of the same URL. A source that
 * answers 404/410 or stopped linking takes its submission out of the public lists.
 */
export async function verifyWebmention(
  db: Database,
  webmentionId: number,
  ipHash: string,
  ctx: LinkCheckContext,
): Promise<VerifyOutcome | null> {
  const [mention] = await db.select().from(webmentions).where(eq(webmentions.id, webmentionId))
  if (!mention) return null
  const existing = async (): Promise<number | undefined> => {
    if (mention.submissionId !== null) return mention.submissionId
    const [row] = await db
      .select({ id: submissions.id })
      .from(submissions)
      .where(
        and(
          eq(submissions.postSlug, mention.postSlug),
          eq(submissions.normalizedUrl, normalizeSubmittedUrl(mention.source)),
        ),
      )
    return row?.id
  }

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
    const id = await existing()
    if (id === undefined) {
      return setStatus(db, mention.id, 'rejected', `The source answered HTTP ${page.status}.`)
    }
    await withdraw(db, id)
    return setStatus(db, mention.id, 'withdrawn', `The source answered HTTP ${page.status}.`, id)
  }
  if (page.status >= 500) {
    throw new TransientSourceError(`the source answered HTTP ${page.status}`)
  }
  const metadata = page.html !== null ? readPageMetadata(page.html, page.finalUrl) : null
  const linksBack = metadata !== null && linksTo(metadata.links, mention.target)
  if (page.status < 200 || page.status >= 300 || !linksBack) {
    const why =
      page.status >= 200 && page.status < 300
        ? 'The source does not link to the target.'
        : `The source answered HTTP ${page.status}.`
    const id = await existing()
    if (id === undefined) return setStatus(db, mention.id, 'rejected', why)
    await withdraw(db, id)
    return setStatus(db, mention.id, 'withdrawn', why, id)
  }

  // Verified: the same submission as before (or as the form's), else a new one.
  let submissionId = await existing()
  if (submissionId === undefined) {
    submissionId = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(submissions)
        .values({
          postSlug: mention.postSlug,
          url: mention.source,
          normalizedUrl: normalizeSubmittedUrl(mention.source),
          title: metadata?.title ?? null,
          submitterName: metadata?.author ?? null,
          ipHash,
          sourceKind: 'webmention',
        })
        .onConflictDoNothing({ target: [submissions.postSlug, submissions.normalizedUrl] })
        .returning({ id: submissions.id, status: submissions.status })
      const row = inserted[0]
      if (!row) return undefined
      for (const job of jobsForNewSubmission(row)) await enqueue(tx, job)
      return row.id
    })
    // Lost a race with the form (or another delivery): that row is the submission.
    submissionId ??= await existing()
    if (submissionId === undefined) throw new Error('the submission vanished while verifying')
  }
  const before = await publicVisibility(db, submissionId)
  await db
    .update(linkChecks)
    .set({ withdrawnAt: null })
    .where(eq(linkChecks.submissionId, submissionId))
  await recordCheck(db, submissionId, page, mention.target)
  const after = await publicVisibility(db, submissionId)
  if (before && after && before.visible !== after.visible)
    await publicListsChanged([before.postSlug])
  return setStatus(db, mention.id, 'accepted', null, submissionId)
}
