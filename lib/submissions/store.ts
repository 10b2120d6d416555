import { and, count, eq, gt, lt, min, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { rateLimitHits, submissions, type SubmissionStatus } from '../db/schema'
import { recordChanges, type AuditVia } from '../moderation/audit'
import { initialStatusFor } from '../moderation/domain-rules'
import { jobsForNewSubmission } from '../outbox/new-submission-jobs'
import { enqueue } from '../outbox/queue'
import type { ValidSubmission } from './validation'

export type RateLimit = { max: number; windowSeconds: number }

export type StoreOutcome =
  | {
      status: 'received'
      id: number
      /** pending, or what a trusted- or blocked-domain rule decided. */
      initialStatus: SubmissionStatus
    }
  | { status: 'duplicate' }
  | { status: 'rate-limited'; retryAfterSeconds: number }

class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited')
  }
}

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
  const window = sql`now() - make_interval(secs => ${limit.windowSeconds})`
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rate:${input.ipHash}`}))`)
      await tx.delete(rateLimitHits).where(lt(rateLimitHits.createdAt, window))
      const [recent] = await tx
        .select({ hits: count(), oldest: min(rateLimitHits.createdAt) })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.ipHash, input.ipHash), gt(rateLimitHits.createdAt, window)))
      if (recent && recent.hits >= limit.max) {
        const oldest = recent.oldest ? new Date(recent.oldest).getTime() : Date.now()
        const retry = Math.ceil((oldest + limit.windowSeconds * 1000 - Date.now()) / 1000)
        throw new RateLimited(Math.max(1, retry))
      }
      await tx.insert(rateLimitHits).values({ ipHash: input.ipHash })
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
