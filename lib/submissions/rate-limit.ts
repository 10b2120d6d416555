import { and, count, eq, gt, lt, min, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { rateLimitHits } from '../db/schema'

export type RateLimit = { max: number; windowSeconds: number }

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited')
  }
}

/**
 * Counts one hit for `key` (a hashed client IP, or `webmention:<domain>`) inside
 * the caller's transaction, or throws RateLimited. The advisory lock on the key
 * makes the count-then-insert exact under concurrency, on every instance that
 * shares the database.
 */
export async function takeRateLimitHit(tx: Database, key: string, limit: RateLimit): Promise<void> {
  const window = sql`now() - make_interval(secs => ${limit.windowSeconds})`
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`rate:${key}`}))`)
  await tx.delete(rateLimitHits).where(lt(rateLimitHits.createdAt, window))
  const [recent] = await tx
    .select({ hits: count(), oldest: min(rateLimitHits.createdAt) })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.ipHash, key), gt(rateLimitHits.createdAt, window)))
  if (recent && recent.hits >= limit.max) {
    const oldest = recent.oldest ? new Date(recent.oldest).getTime() : Date.now()
    const retry = Math.ceil((oldest + limit.windowSeconds * 1000 - Date.now()) / 1000)
    throw new RateLimited(Math.max(1, retry))
  }
  await tx.insert(rateLimitHits).values({ ipHash: key })
}
