import { and, gt, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions } from '../db/schema'
import { RESTORE_WINDOW_DAYS } from './retention'

/** Of the given rows, those in the trash that can still be restored (for "Undo"). */
export async function restorableAmong(
  db: Database,
  ids: number[],
): Promise<{ id: number; url: string }[]> {
  if (ids.length === 0) return []
  return db
    .select({ id: submissions.id, url: submissions.url })
    .from(submissions)
    .where(
      and(
        inArray(submissions.id, ids),
        isNotNull(submissions.deletedAt),
        gt(submissions.deletedAt, sql`now() - make_interval(days => ${RESTORE_WINDOW_DAYS})`),
      ),
    )
    .orderBy(submissions.id)
}
