import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, submissions } from '../db/schema'
import { displayHost } from './url-policy'

/** Failed checks in a row after which an approved link leaves the public lists. */
export const LINK_FAILURES_TO_HIDE = 3

/**
 * THE rule for what the public sees, used by every public list and nowhere
 * else: approved by the author, not deleted, and not hidden by its link check. A check hides
 * a link after LINK_FAILURES_TO_HIDE failures in a row (unless the author chose
 * to keep it shown), or when its Webmention source withdrew it (404/410, or it
 * no longer links here). A link never checked yet is shown.
 */
export const publiclyVisible: SQL = sql`${submissions.status} = 'approved' and ${submissions.deletedAt} is null and not exists (
  select 1 from ${linkChecks}
  where ${linkChecks.submissionId} = ${submissions.id}
    and (${linkChecks.withdrawnAt} is not null
      or (${linkChecks.consecutiveFailures} >= ${LINK_FAILURES_TO_HIDE} and not ${linkChecks.keepShown})))`

/** Whether one submission is on its post's public list now, and which post that is. */
export async function publicVisibility(
  db: Database,
  submissionId: number,
): Promise<{ postSlug: string; visible: boolean } | null> {
  const [row] = await db
    .select({ postSlug: submissions.postSlug, visible: sql<boolean>`(${publiclyVisible})` })
    .from(submissions)
    .where(eq(submissions.id, submissionId))
  return row ? { postSlug: row.postSlug, visible: Boolean(row.visible) } : null
}

export type PublicLink = {
  id: number
  postSlug: string
  url: string
  title: string | null
  submitterName: string | null
  host: string
  createdAt: Date
}

const columns = {
  id: submissions.id,
  postSlug: submissions.postSlug,
  url: submissions.url,
  title: submissions.title,
  submitterName: submissions.submitterName,
  createdAt: submissions.createdAt,
}

const withHost = (row: Omit<PublicLink, 'host'>): PublicLink => ({
  ...row,
  host: displayHost(row.url),
})

/** A post's approved links, newest first (served by submissions_approved_idx); never deleted ones. */
export async function approvedLinksForPost(db: Database, postSlug: string): Promise<PublicLink[]> {
  const rows = await db
    .select(columns)
    .from(submissions)
    .where(and(eq(submissions.postSlug, postSlug), publiclyVisible))
    .orderBy(desc(submissions.createdAt), desc(submissions.id))
  return rows.map(withHost)
}

/** Every approved link, grouped by post, each group newest first. */
export async function approvedLinksByPost(db: Database): Promise<Map<string, PublicLink[]>> {
  const rows = await db
    .select(columns)
    .from(submissions)
    .where(publiclyVisible)
    .orderBy(submissions.postSlug, desc(submissions.createdAt), desc(submissions.id))
  const groups = new Map<string, PublicLink[]>()
  for (const row of rows) {
    const list = groups.get(row.postSlug) ?? []
    list.push(withHost(row))
    groups.set(row.postSlug, list)
  }
  return groups
}

export type FeedLink = PublicLink & { approvedAt: Date }

/** Rows approved before approved_at existed fall back to their last moderation. */
const approvedAt =
  sql<Date>`coalesce(${submissions.approvedAt}, ${submissions.moderatedAt}, ${submissions.createdAt})`.mapWith(
    submissions.createdAt,
  )

/**
 * Approved links for a feed, most recently approved first: site-wide, or for one
 * post when postSlug is given. At most `limit` of them.
 */
export async function approvedLinksForFeed(
  db: Database,
  opts: { postSlug?: string; limit: number },
): Promise<FeedLink[]> {
  const rows = await db
    .select({ ...columns, approvedAt })
    .from(submissions)
    .where(
      opts.postSlug
        ? and(eq(submissions.postSlug, opts.postSlug), publiclyVisible)
        : publiclyVisible,
    )
    .orderBy(desc(approvedAt), desc(submissions.id))
    .limit(opts.limit)
  return rows.map((row) => ({ ...row, host: displayHost(row.url) }))
}
