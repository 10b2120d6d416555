import { sql, type SQL } from 'drizzle-orm'
import { submissions, type Submission } from '../db/schema'

/** The columns the rule reads: a row, or any projection of one that has them. */
export type VisibilityFields = Pick<Submission, 'status' | 'deletedAt' | 'hiddenAt'>

/**
 * THE rule for what the public sees: approved by the author, not deleted, and
 * not hidden. Every list, page, feed, count and sitemap asks this function or
 * its SQL twin below, and nothing else. Automatic signals (a link that keeps
 * failing, a Webmention withdrawn) never decide here: they go through
 * applyChange (lib/moderation/moderate.ts), which may set `hidden_at` where the
 * author allowed it, with an audit row, and which any later change can undo.
 */
export function isPublic(row: VisibilityFields): boolean {
  return row.status === 'approved' && row.deletedAt === null && row.hiddenAt === null
}

/** isPublic() as a SQL condition on `submissions`, for queries. */
export const publiclyVisible: SQL = sql`(${submissions.status} = 'approved' and ${submissions.deletedAt} is null and ${submissions.hiddenAt} is null)`
