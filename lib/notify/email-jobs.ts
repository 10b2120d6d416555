import { and, asc, countDistinct, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { notifyEmails, submissions } from '../db/schema'
import { enqueue } from '../outbox/queue'
import {
  digestEmail,
  newSubmissionEmail,
  type MessageContext,
  type OutgoingEmail,
} from './messages'
import { loadSubmissionDetails, type SubmissionDetails } from './submission-details'

export const EMAIL_NEW_JOB = 'notify-email-new'
export const EMAIL_DIGEST_JOB = 'notify-email-digest'

export type DigestRule = { threshold: number; windowMs: number }

export type EmailDeps = MessageContext & {
  digest: DigestRule
  /** Sends (or, in development, prints) one message; throws when it cannot. */
  send: (message: OutgoingEmail) => Promise<void>
}

/** Fixed windows from the epoch: every instance computes the same one for a row. */
export const windowStartOf = (createdAt: Date, windowMs: number): Date =>
  new Date(Math.floor(createdAt.getTime() / windowMs) * windowMs)

/** Serialises the decisions and the digest of one window across every instance. */
const lockWindow = (tx: Database, start: Date) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`notify-window:${start.toISOString()}`}))`)

/** How many digests of this window have gone out: names the next one (its dedupe key). */
async function digestsSent(tx: Database, start: Date): Promise<number> {
  const [row] = await tx
    .select({ n: countDistinct(notifyEmails.sentAt) })
    .from(notifyEmails)
    .where(
      and(
        eq(notifyEmails.windowStart, start),
        eq(notifyEmails.mode, 'digest'),
        isNotNull(notifyEmails.sentAt),
      ),
    )
  return Number(row?.n ?? 0)
}

/**
 * The email for one new submission. Whether it goes alone or in the digest is
 * decided once, at delivery time, under the window's lock: the first `threshold`
 * submissions of a window get an email each, the rest wait for one digest job at
 * the window's end (one per window, by its dedupe key). A retry after an SMTP
 * failure finds the decision already made and sends only what is still unsent.
 */
export async function deliverNewSubmissionEmail(
  db: Database,
  submissionId: number,
  deps: EmailDeps,
): Promise<'sent' | 'digest' | 'already-sent' | 'skipped'> {
  const details = await loadSubmissionDetails(db, submissionId)
  // Gone, or already judged spam (a blocked domain, or the author was quicker): no email.
  if (!details || details.status === 'spam') return 'skipped'
  const start = windowStartOf(details.createdAt, deps.digest.windowMs)

  const decision = await db.transaction(async (tx) => {
    await lockWindow(tx, start)
    const [existing] = await tx
      .select({ mode: notifyEmails.mode, sentAt: notifyEmails.sentAt })
      .from(notifyEmails)
      .where(eq(notifyEmails.submissionId, submissionId))
    if (existing) return existing
    const [singles] = await tx
      .select({ n: count() })
      .from(notifyEmails)
      .where(and(eq(notifyEmails.windowStart, start), eq(notifyEmails.mode, 'single')))
    const mode = Number(singles?.n ?? 0) < deps.digest.threshold ? 'single' : 'digest'
    await tx.insert(notifyEmails).values({ submissionId, windowStart: start, mode })
    if (mode === 'digest') {
      const round = await digestsSent(tx, start)
      await enqueue(tx, {
        kind: EMAIL_DIGEST_JOB,
        payload: { windowStart: start.toISOString() },
        dedupeKey: `notify-digest:${start.toISOString()}:${round}`,
        runAfter: new Date(start.getTime() + deps.digest.windowMs),
      })
    }
    return { mode, sentAt: null }
  })

  if (decision.mode === 'digest') return 'digest'
  if (decision.sentAt) return 'already-sent'
  await deps.send(await newSubmissionEmail(details, deps))
  await db
    .update(notifyEmails)
    .set({ sentAt: sql`now()` })
    .where(eq(notifyEmails.submissionId, submissionId))
  return 'sent'
}

/**
 * Everything of the window still waiting for a digest, in one message. The send
 * happens inside the window's lock, so a decision taken meanwhile either makes
 * this digest or queues the next one; a failed send rolls back and is retried.
 */
export async function deliverDigest(
  db: Database,
  windowStart: Date,
  deps: EmailDeps,
): Promise<number> {
  return db.transaction(async (tx) => {
    await lockWindow(tx, windowStart)
    const waiting = await tx
      .select({ id: notifyEmails.submissionId })
      .from(notifyEmails)
      .innerJoin(submissions, eq(submissions.id, notifyEmails.submissionId))
      .where(
        and(
          eq(notifyEmails.windowStart, windowStart),
          eq(notifyEmails.mode, 'digest'),
          isNull(notifyEmails.sentAt),
        ),
      )
      .orderBy(asc(submissions.createdAt), asc(submissions.id))
    if (waiting.length === 0) return 0
    const rows: SubmissionDetails[] = []
    for (const { id } of waiting) {
      const details = await loadSubmissionDetails(tx, id)
      if (details && details.status !== 'spam') rows.push(details)
    }
    const ids = waiting.map((w) => w.id)
    if (rows.length > 0) {
      const round = await digestsSent(tx, windowStart)
      const end = new Date(windowStart.getTime() + deps.digest.windowMs)
      await deps.send(await digestEmail(rows, { start: windowStart, end, round }, deps))
    }
    await tx
      .update(notifyEmails)
      .set({ sentAt: sql`now()` })
      .where(inArray(notifyEmails.submissionId, ids))
    return rows.length
  })
}
