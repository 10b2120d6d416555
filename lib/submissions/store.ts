import type { Database } from '../db'
import { submissions } from '../db/schema'
import { jobsForNewSubmission } from '../outbox/new-submission-jobs'
import { enqueue } from '../outbox/queue'
import { RateLimited, takeRateLimitHit, type RateLimit } from './rate-limit'
import type { ValidSubmission } from './validation'

export type { RateLimit } from './rate-limit'

export type StoreOutcome =
  | { status: 'received'; id: number }
  | { status: 'duplicate' }
  | { status: 'rate-limited'; retryAfterSeconds: number }

/**
 * Records one submission as pending, in a single transaction with its rate-limit
 * hit and its follow-up jobs (lib/outbox): all are written or none is. The per-IP advisory lock makes the
 * count-then-insert exact under concurrency, on every instance that shares the database.
 */
export async function storeSubmission(
  db: Database,
  input: ValidSubmission & { postSlug: string; ipHash: string },
  limit: RateLimit,
): Promise<StoreOutcome> {
  try {
    return await db.transaction(async (tx) => {
      await takeRateLimitHit(tx, input.ipHash, limit)
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
        })
        .onConflictDoNothing({ target: [submissions.postSlug, submissions.normalizedUrl] })
        .returning({ id: submissions.id, status: submissions.status })
      const row = inserted[0]
      if (!row) return { status: 'duplicate' as const }
      for (const job of jobsForNewSubmission(row)) await enqueue(tx, job)
      return { status: 'received' as const, id: row.id }
    })
  } catch (error) {
    if (error instanceof RateLimited) {
      return { status: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds }
    }
    throw error
  }
}
