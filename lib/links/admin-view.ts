import { inArray } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, type LinkCheck } from '../db/schema'

/** The latest check of each of these submissions (those never checked are absent). */
export async function checksFor(db: Database, ids: number[]): Promise<Map<number, LinkCheck>> {
  if (ids.length === 0) return new Map()
  const rows = await db.select().from(linkChecks).where(inArray(linkChecks.submissionId, ids))
  return new Map(rows.map((r) => [r.submissionId, r]))
}
