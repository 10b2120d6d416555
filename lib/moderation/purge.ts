import { lt } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions } from '../db/schema'
import { RESTORE_WINDOW_DAYS } from './retention'

const DAY_MS = 86_400_000

/**
 * Deletes for good the submissions that have been in the trash longer than the
 * restore window; their audit rows go with them (on delete cascade). Run by the
 * scheduled tasks; `now` is a parameter so tests can move time.
 */
export async function purgeDeletedSubmissions(
  db: Database,
  now: Date,
): Promise<{ purged: number }> {
  const cutoff = new Date(now.getTime() - RESTORE_WINDOW_DAYS * DAY_MS)
  const rows = await db
    .delete(submissions)
    .where(lt(submissions.deletedAt, cutoff))
    .returning({ id: submissions.id })
  return { purged: rows.length }
}
