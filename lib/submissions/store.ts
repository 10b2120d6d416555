import type { Database } from '../db'
import { sql } from 'drizzle-orm'
import { submissions, type SubmissionStatus } from '../db/schema'
import { recordChanges, type AuditVia } from '../moderation/audit'
import { initialStatusFor } from '../moderation/domain-rules'
import { jobsForNewSubmission } from '../outbox/new-submission-jobs'
import { enqueue } from '../outbox/queue'
import { RateLimited, takeRateLimitHit, type RateLimit } from './rate-limit'
import type { ValidSubmission } from './validation'

export type { RateLimit } from './rate-limit'

export type StoreOutcome =
  | {
      status: 'received'
      id: number
      /** pending, or what a trusted- or blocked-domain rule decided. */
      initialStatus: SubmissionStatus
    }
  | { status: 'duplicate' }
  | { status: 'rate-limited'; retryAfterSeconds: number }

/**
 * Records one submission, in a single transaction with its rate-limit hit, its
 * first audit row and its follow-up jobs (lib/outbox): all are written or none
 * is. It starts pending, unless a domain rule approves it or sends it to spam at
 * once; a link that starts as spam (blocked domain) gets no jobs, so no check
 * and no notification. The per-IP advisory lock makes the count-then-insert
 * exact under concurrency, on every instance that shares the database.
 *
 * A link already sent for the post is a duplicate, even when the author deleted
 * it: the deleted row keeps its key until it is purged, so a reader cannot
 * bring back what the author threw away (after the purge it can be sent again).
 */
export async function storeSubmission(
  db: Database,
  input: ValidSubmission & { postSlug: string; ipHash: string; via?: AuditVia },
  limit: RateLimit,
): Promise<StoreOutcome> {
  try {
    return await db.transaction(async (tx) => {
      await takeRateLimitHit(tx, input.ipHash, limit)
      const initial = await initialStatusFor(tx, input.url, input.via ?? 'form')
      const ruled = initial.status !== 'pending'
      const inserted = await tx
        .insert(submissions)
        .values({
          postSlug: input.postSlug,
          url: input.url,
          normalizedUrl: input.normalizedUrl,
          title: input.title,
          submitterName: input.name,
          note: input.note,
          ipHash: input.ipHash,
          status: initial.status,
          ...(ruled ? { moderatedAt: sql`now()`, moderatedBy: initial.via } : {}),
          ...(initial.status === 'approved' ? { approvedAt: sql`now()` } : {}),
        })
        .onConflictDoNothing({ target: [submissions.postSlug, submissions.normalizedUrl] })
        .returning({ id: submissions.id, status: submissions.status })
      const row = inserted[0]
      if (!row) return { status: 'duplicate' as const }
      await recordChanges(tx, [
        {
          submissionId: row.id,
          actor: null,
          from: null,
          to: initial.status,
          via: initial.via,
          detail: initial.detail,
        },
      ])
      if (row.status !== 'spam') {
        for (const job of jobsForNewSubmission(row)) await enqueue(tx, job)
      }
      return { status: 'received' as const, id: row.id, initialStatus: row.status }
    })
  } catch (error) {
    if (error instanceof RateLimited) {
      return { status: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds }
    }
    throw error
  }
}
