import { and, count, eq, gt, lt, min, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { rateLimitHits, submissions } from '../db/schema'
import { jobsForNewSubmission } from '../outbox/new-submission-jobs'
import { enqueue } from '../outbox/queue'
import type { ValidSubmission } from './validation'

export type RateLimit = { max: number; windowSeconds: number }

export type StoreOutcome =
  | { status: 'received'; id: number }
  | { status: 'duplicate' }
  | { status: 'rate-limited'; retryAfterSeconds: number }

class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited')
  }
}

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
