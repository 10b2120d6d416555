import { count, gt, inArray } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, type LinkCheck } from '../db/schema'

/** The latest check of each of these submissions (those never checked are absent). */
export async function checksFor(db: Database, ids: number[]): Promise<Map<number, LinkCheck>> {
  if (ids.length === 0) return new Map()
  const rows = await db.select().from(linkChecks).where(inArray(linkChecks.submissionId, ids))
  return new Map(rows.map((r) => [r.submissionId, r]))
}

/** How many links failed their latest check: the "Broken" filter's count. */
export async function brokenCount(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(linkChecks)
    .where(gt(linkChecks.consecutiveFailures, 0))
  return row?.n ?? 0
}
