import { and, count, eq, gt, lt, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { signInFailures } from '../db/schema'

export const FAILURE_WINDOW_SECONDS = 15 * 60

/** No delay for the first few mistakes, then doubling up to 8 s a try. */
export function failureDelayMs(recentFailures: number): number {
  if (recentFailures < 3) return 0
  return Math.min(8000, 1000 * 2 ** (recentFailures - 3))
}

const windowStart = sql`now() - make_interval(secs => ${FAILURE_WINDOW_SECONDS})`

export async function recentFailures(db: Database, keyHash: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.keyHash, keyHash), gt(signInFailures.createdAt, windowStart)))
  return row?.n ?? 0
}

export async function recordFailure(db: Database, keyHash: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(signInFailures).where(lt(signInFailures.createdAt, windowStart))
    await tx.insert(signInFailures).values({ keyHash })
  })
}
