import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db'
import { outbox, submissions, type AuditState } from '../../db/schema'
import { postUrl } from '../../links/check'
import type { OutboxJobInput } from '../../outbox/queue'
import { approvedLinksForPost } from '../../submissions/public-list'
import { isPublic } from '../../visibility/rule'
import { installedPublicListReader, sendingOffReason, type SendContext } from './config'
import { publicationWasSent, recordAttempt, type SendReason } from './log'
import { sendWebmention, type Attempt } from './send'

/*
 * A reader's link and the post it appears under: when the author publishes the
 * link, the post (source) mentions the reader's page (target); when the link
 * stops being public (rejected, deleted, hidden by the author, or withdrawn by
 * the reader), the same pair is sent again so that the receiver updates or
 * removes the mention (W3C Webmention 3.1.3). Either goes out only once the
 * post's public list agrees: after the cache invalidation, the cached list the
 * page renders must carry the link (or no longer carry it), so that a receiver
 * that verifies finds what the Webmention says.
 */

export const WEBMENTION_SEND_JOB = 'webmention-send'

export type SubmissionSendReason = Exclude<SendReason, 'post'>

/** The job of one change of a submission's public state, or none. */
export function submissionSendJob(
  submissionId: number,
  reason: SubmissionSendReason,
): OutboxJobInput {
  return { kind: WEBMENTION_SEND_JOB, payload: { submissionId, reason } }
}

/**
 * Which Webmention a change of state calls for: 'approved' (the state the
 * audit trail gives a public link) entered or left. A reader's own withdrawal
 * (via 'reader') is 'withdrawn'; every other way out is 'taken-back'.
 */
export function reasonForChange(change: {
  from: AuditState | null
  to: AuditState
  via: string
}): SubmissionSendReason | null {
  const wasPublic = change.from === 'approved'
  const isNowPublic = change.to === 'approved'
  if (wasPublic === isNowPublic) return null
  if (isNowPublic) return 'approved'
  return change.via === 'reader' ? 'withdrawn' : 'taken-back'
}

/** A failure the outbox retries with its backoff; the attempt is already in the send log. */
export class RetrySend extends Error {
  override readonly name = 'RetrySend'
}

/**
 * How long a list that disagrees is given before it is read again: the job can
 * run (from another request's drain) between the change's commit and its edge's
 * cache invalidation, which follows within milliseconds.
 */
export const LIST_SETTLE_MS = 1_000

/**
 * Whether the post's public list shows the link (`shouldShow`) or not yet. The
 * list is read as the post page reads it: from its cache, which the change's
 * edge invalidates and refills (the database when no cache reader is
 * installed). A list that still disagrees after LIST_SETTLE_MS, or cannot be
 * read, is tried again later with the outbox's backoff.
 */
async function listDisagrees(
  db: Database,
  row: { id: number; postSlug: string },
  shouldShow: boolean,
): Promise<string | null> {
  const reader = installedPublicListReader()
  const agrees = async () =>
    (reader ? await reader(row.postSlug) : await approvedLinksForPost(db, row.postSlug)).some(
      (l) => l.id === row.id,
    ) === shouldShow
  try {
    if (await agrees()) return null
    await new Promise((resolve) => setTimeout(resolve, LIST_SETTLE_MS))
    if (await agrees()) return null
  } catch (error) {
    return `the post’s public list could not be read (${(error as Error).message})`
  }
  return shouldShow
    ? 'the post’s public list does not show the link yet'
    : 'the post’s public list still shows the link'
}

const skipped = (detail: string): Attempt => ({
  outcome: 'skipped',
  endpoint: null,
  httpStatus: null,
  detail,
  retry: false,
})

/**
 * The send job of a submission (one attempt). The row is read as it is now: a
 * link that is no longer in the state the job was queued for is skipped (a
 * later change has its own job). Every attempt is logged; one that may pass
 * later throws RetrySend, and the outbox runs it again after its backoff.
 */
export async function sendForSubmission(
  db: Database,
  input: { submissionId: number; reason: SubmissionSendReason },
  ctx: SendContext,
): Promise<Attempt | null> {
  const [row] = await db
    .select({
      id: submissions.id,
      postSlug: submissions.postSlug,
      url: submissions.url,
      status: submissions.status,
      deletedAt: submissions.deletedAt,
      hiddenAt: submissions.hiddenAt,
    })
    .from(submissions)
    .where(eq(submissions.id, input.submissionId))
  if (!row) return null // purged: nothing left to tell anyone about
  const source = postUrl(ctx.siteUrl, row.postSlug)
  const entry = { source, target: row.url, submissionId: row.id, reason: input.reason }
  const publish = input.reason === 'approved'

  const attempt = await (async (): Promise<Attempt> => {
    const off = sendingOffReason(ctx)
    if (off) return skipped(off)
    if (isPublic(row) !== publish) {
      return skipped(publish ? 'the link is no longer public' : 'the link is public again')
    }
    if (!publish && !(await publicationWasSent(db, row.id))) {
      return skipped('the reader’s site was never told it was published')
    }
    const disagreement = await listDisagrees(db, row, publish)
    if (disagreement) {
      return {
        outcome: 'failed',
        endpoint: null,
        httpStatus: null,
        detail: `not sent yet: ${disagreement}`,
        retry: true,
      }
    }
    return sendWebmention(source, row.url, ctx.fetch)
  })()

  await recordAttempt(db, entry, attempt)
  if (attempt.retry) throw new RetrySend(attempt.detail ?? attempt.outcome)
  return attempt
}

/** The submission sends still waiting in the outbox (due or backing off), oldest first. */
export async function queuedSubmissionSends(
  db: Database,
): Promise<{ submissionId: number; reason: string; target: string | null; attempts: number }[]> {
  const rows = await db
    .select({ payload: outbox.payload, attempts: outbox.attempts, target: submissions.url })
    .from(outbox)
    .leftJoin(submissions, sql`${submissions.id} = (${outbox.payload}->>'submissionId')::int`)
    .where(and(eq(outbox.kind, WEBMENTION_SEND_JOB), isNull(outbox.doneAt), isNull(outbox.deadAt)))
    .orderBy(asc(outbox.id))
  return rows.map((r) => ({
    submissionId: Number(r.payload.submissionId),
    reason: String(r.payload.reason),
    target: r.target,
    attempts: r.attempts,
  }))
}
