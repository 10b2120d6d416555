import type { Database } from '../db'

/** What the one-click page shows of a submission's link check, when there is one. */
export type LinkCheckSummary = {
  checkedAt: Date
  /** "ok", "redirected", "broken", … as the link checker words it. */
  outcome: string
  /** One line for the author, e.g. "200 OK, title: …" or "DNS lookup failed". */
  detail?: string
}

/**
 * The seam for link checks (another issue adds them): the one-click page calls
 * this and shows whatever it returns. Until checks exist there is nothing to show.
 */
export async function latestLinkCheck(
  db: Database,
  submissionId: number,
): Promise<LinkCheckSummary | null> {
  void db
  void submissionId
  return null
}
