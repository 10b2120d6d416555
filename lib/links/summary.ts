import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks } from '../db/schema'
import { NOT_CHECKED_LIMITED } from './check'

/** What the one-click page shows of a submission's latest link check. */
export type LinkCheckSummary = {
  checkedAt: Date
  /** "Reachable", "Not reachable (HTTP 404)", "Not checked (outbound fetches are limited)". */
  outcome: string
  /** The page's own title, as fetched (shown as text). */
  title: string | null
  linksBack: boolean
}

/** The latest check of a submission's link (lib/links/check.ts), or null if it was never checked. */
export async function latestLinkCheck(
  db: Database,
  submissionId: number,
): Promise<LinkCheckSummary | null> {
  const [check] = await db
    .select()
    .from(linkChecks)
    .where(eq(linkChecks.submissionId, submissionId))
  if (!check) return null
  const outcome =
    check.error === NOT_CHECKED_LIMITED
      ? 'Not checked (outbound fetches are limited)'
      : check.reachable
        ? `Reachable${check.httpStatus !== null ? ` (HTTP ${check.httpStatus})` : ''}`
        : `Not reachable (${check.error ?? 'no answer'})`
  return { checkedAt: check.checkedAt, outcome, title: check.title, linksBack: check.linksBack }
}
