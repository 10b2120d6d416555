import { and, asc, eq, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, submissions } from '../db/schema'
import { checkSubmissionLink, type LinkCheckContext } from './check'

export type RecheckOptions = { batch?: number; concurrency?: number }
export type RecheckRun = { checked: number; failing: number; visibilityChanged: number }

/** Per run: at 5 s a fetch at worst, 20 links 4 at a time fit well in a cron call. */
export const RECHECK_BATCH = 20
const RECHECK_CONCURRENCY = 4

/**
 * Keeps approved links alive: checks the `batch` approved links whose last
 * check is oldest (never-checked first). Run on a schedule, every approved link
 * comes round again; three failures in a row hide one (lib/submissions/public-list.ts).
 */
export async function recheckApprovedLinks(
  db: Database,
  ctx: LinkCheckContext,
  { batch = RECHECK_BATCH, concurrency = RECHECK_CONCURRENCY }: RecheckOptions = {},
): Promise<RecheckRun> {
  const due = await db
    .select({ id: submissions.id })
    .from(submissions)
    .leftJoin(linkChecks, eq(linkChecks.submissionId, submissions.id))
    .where(and(eq(submissions.status, 'approved')))
    .orderBy(sql`${linkChecks.checkedAt} asc nulls first`, asc(submissions.id))
    .limit(batch)
  const run: RecheckRun = { checked: 0, failing: 0, visibilityChanged: 0 }
  const queue = due.map((r) => r.id)
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const result = await checkSubmissionLink(db, id, ctx)
      if (!result) continue
      run.checked++
      if (!result.reachable) run.failing++
      if (result.visibilityChanged) run.visibilityChanged++
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  return run
}
