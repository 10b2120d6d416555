import { and, desc, eq, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions } from '../db/schema'
import { publiclyVisible } from '../visibility/rule'
import { displayHost } from './url-policy'

/*
 * The public lists: a post's links, /links, the readers' feeds. What is public
 * is decided by lib/visibility/rule.ts alone; these only choose and order.
 */

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
