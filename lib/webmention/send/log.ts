import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db'
import { webmentionSends } from '../../db/schema'
import type { Attempt, SendOutcome } from './send'

/** Why a Webmention went out: a reader's link published, taken back, withdrawn, or a post's link. */
export type SendReason = 'approved' | 'taken-back' | 'withdrawn' | 'post'

export type SendLogEntry = {
  id: number
  target: string
  reason: SendReason
  endpoint: string | null
  outcome: SendOutcome
  httpStatus: number | null
  detail: string | null
  attemptedAt: Date
}

/** One attempt, as the send log keeps it (webmention_sends). */
export async function recordAttempt(
  db: Database,
  entry: { source: string; target: string; submissionId: number | null; reason: SendReason },
  attempt: Pick<Attempt, 'outcome' | 'endpoint' | 'httpStatus' | 'detail'>,
): Promise<void> {
  await db.insert(webmentionSends).values({
    source: entry.source,
    target: entry.target,
    submissionId: entry.submissionId,
    reason: entry.reason,
    endpoint: attempt.endpoint,
    outcome: attempt.outcome,
    httpStatus: attempt.httpStatus,
    detail: attempt.detail?.slice(0, 500) ?? null,
  })
}

/** The latest attempts for each submission, newest first (at most `perSubmission` each). */
export async function sendLogFor(
  db: Database,
  submissionIds: number[],
  perSubmission = 5,
): Promise<Map<number, SendLogEntry[]>> {
  const log = new Map<number, SendLogEntry[]>()
  if (submissionIds.length === 0) return log
  const rows = await db
    .select({
      id: webmentionSends.id,
      submissionId: webmentionSends.submissionId,
      target: webmentionSends.target,
      reason: webmentionSends.reason,
      endpoint: webmentionSends.endpoint,
      outcome: webmentionSends.outcome,
      httpStatus: webmentionSends.httpStatus,
      detail: webmentionSends.detail,
      attemptedAt: webmentionSends.attemptedAt,
    })
    .from(webmentionSends)
    .where(inArray(webmentionSends.submissionId, submissionIds))
    .orderBy(desc(webmentionSends.attemptedAt), desc(webmentionSends.id))
  for (const { submissionId, ...row } of rows) {
    if (submissionId === null) continue
    const list = log.get(submissionId) ?? []
    if (list.length >= perSubmission) continue
    list.push({ ...row, reason: row.reason as SendReason, outcome: row.outcome as SendOutcome })
    log.set(submissionId, list)
  }
  return log
}

/**
 * The latest attempt to tell the reader's site about this link, whatever came
 * of it (the reader's status page words it), or null when none was made.
 */
export async function latestAttempt(
  db: Database,
  submissionId: number,
): Promise<{ outcome: string; reason: SendReason; attemptedAt: Date } | null> {
  const [row] = await db
    .select({
      outcome: webmentionSends.outcome,
      reason: webmentionSends.reason,
      attemptedAt: webmentionSends.attemptedAt,
    })
    .from(webmentionSends)
    .where(eq(webmentionSends.submissionId, submissionId))
    .orderBy(desc(webmentionSends.attemptedAt), desc(webmentionSends.id))
    .limit(1)
  return row ? { ...row, reason: row.reason as SendReason } : null
}

/** Whether the reader's site was ever told that the link was published (3.1.3 re-sends only what was sent). */
export async function publicationWasSent(db: Database, submissionId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: webmentionSends.id })
    .from(webmentionSends)
    .where(
      and(
        eq(webmentionSends.submissionId, submissionId),
        eq(webmentionSends.reason, 'approved'),
        eq(webmentionSends.outcome, 'sent'),
      ),
    )
    .limit(1)
  return row !== undefined
}
