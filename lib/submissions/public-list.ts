import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions } from '../db/schema'
import { displayHost } from './url-policy'

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
    .where(
      and(
        eq(submissions.postSlug, postSlug),
        eq(submissions.status, 'approved'),
        isNull(submissions.deletedAt),
      ),
    )
    .orderBy(desc(submissions.createdAt), desc(submissions.id))
  return rows.map(withHost)
}

/** Every approved link, grouped by post, each group newest first. */
export async function approvedLinksByPost(db: Database): Promise<Map<string, PublicLink[]>> {
  const rows = await db
    .select(columns)
    .from(submissions)
    .where(and(eq(submissions.status, 'approved'), isNull(submissions.deletedAt)))
    .orderBy(submissions.postSlug, desc(submissions.createdAt), desc(submissions.id))
  const groups = new Map<string, PublicLink[]>()
  for (const row of rows) {
    const list = groups.get(row.postSlug) ?? []
    list.push(withHost(row))
    groups.set(row.postSlug, list)
  }
  return groups
}
