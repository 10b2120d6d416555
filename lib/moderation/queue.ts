import { and, asc, count, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, submissions, type Submission, type SubmissionStatus } from '../db/schema'

export type QueueFilter = {
  status?: SubmissionStatus
  postSlug?: string
  /** Only links whose latest check failed (lib/links/check.ts). */
  broken?: boolean
  /** The trash: deleted rows only (otherwise deleted rows never show). */
  deleted?: boolean
}

/** A position in the queue: the sort key of a row, opaque to the browser. */
export type Cursor = { status: SubmissionStatus; createdAt: string; id: number }

export type QueueRow = Omit<
  Submission,
  'ipHash' | 'normalizedUrl' | 'approvedAt' | 'hiddenAt' | 'hiddenVia' | 'needsLook' | 'needsLookAt'
>

export type QueuePage = {
  rows: QueueRow[]
  /** Cursor of the first and last rows shown, when there are pages that way. */
  before?: string
  after?: string
}

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.status, c.createdAt, c.id])).toString('base64url')

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined
  try {
    const [status, createdAt, id] = JSON.parse(
      Buffer.from(raw, 'base64url').toString(),
    ) as unknown[]
    if (
      typeof status === 'string' &&
      ['pending', 'approved', 'rejected', 'spam'].includes(status) &&
      typeof createdAt === 'string' &&
      !Number.isNaN(Date.parse(createdAt)) &&
      Number.isSafeInteger(id)
    ) {
      return { status: status as SubmissionStatus, createdAt, id: id as number }
    }
  } catch {
    // fall through: a tampered cursor is treated as no cursor
  }
  return undefined
}

const rowColumns = {
  id: submissions.id,
  postSlug: submissions.postSlug,
  url: submissions.url,
  title: submissions.title,
  submitterName: submissions.submitterName,
  note: submissions.note,
  status: submissions.status,
  createdAt: submissions.createdAt,
  moderatedAt: submissions.moderatedAt,
  moderatedBy: submissions.moderatedBy,
  sourceKind: submissions.sourceKind,
  deletedAt: submissions.deletedAt,
  // Full microsecond precision: a JS Date would round it and skip or repeat rows.
  cursorTime: sql<string>`${submissions.createdAt}::text`,
}

function filters(filter: QueueFilter): SQL[] {
  const where: SQL[] = [
    filter.deleted ? isNotNull(submissions.deletedAt) : isNull(submissions.deletedAt),
  ]
  if (filter.status) where.push(eq(submissions.status, filter.status))
  if (filter.postSlug) where.push(eq(submissions.postSlug, filter.postSlug))
  if (filter.broken) {
    where.push(
      sql`exists (select 1 from ${linkChecks} where ${linkChecks.submissionId} = ${submissions.id} and ${linkChecks.consecutiveFailures} > 0)`,
    )
  }
  return where
}

/**
 * The moderation queue, pending first (the enum's order), oldest first, with
 * keyset pagination on (status, created_at, id): every page costs one index range
 * scan, however deep, where OFFSET would read and discard every earlier row.
 */
export async function listQueue(
  db: Database,
  filter: QueueFilter,
  page: { after?: Cursor; before?: Cursor; limit: number },
): Promise<QueuePage> {
  const key = sql`(${submissions.status}, ${submissions.createdAt}, ${submissions.id})`
  const where = filters(filter)
  const backwards = Boolean(page.before && !page.after)
  const cursor = page.after ?? page.before
  if (cursor) {
    const value = sql`(${cursor.status}::submission_status, ${cursor.createdAt}::timestamptz, ${cursor.id})`
    where.push(backwards ? sql`${key} < ${value}` : sql`${key} > ${value}`)
  }
  const order = backwards
    ? [desc(submissions.status), desc(submissions.createdAt), desc(submissions.id)]
    : [asc(submissions.status), asc(submissions.createdAt), asc(submissions.id)]
  const fetched = await db
    .select(rowColumns)
    .from(submissions)
    .where(and(...where))
    .orderBy(...order)
    .limit(page.limit + 1)
  const more = fetched.length > page.limit
  const slice = fetched.slice(0, page.limit)
  if (backwards) slice.reverse()
  const toCursor = (r: (typeof slice)[number]) =>
    encodeCursor({ status: r.status, createdAt: r.cursorTime, id: r.id })
  const first = slice[0]
  const last = slice[slice.length - 1]
  const rows: QueueRow[] = slice.map((r) => ({
    id: r.id,
    postSlug: r.postSlug,
    url: r.url,
    title: r.title,
    submitterName: r.submitterName,
    note: r.note,
    status: r.status,
    createdAt: r.createdAt,
    moderatedAt: r.moderatedAt,
    moderatedBy: r.moderatedBy,
    sourceKind: r.sourceKind,
    deletedAt: r.deletedAt,
  }))
  return {
    rows,
    // Going forwards, there is an earlier page whenever we started from a cursor.
    before: first && (backwards ? more : Boolean(cursor)) ? toCursor(first) : undefined,
    after: last && (backwards ? true : more) ? toCursor(last) : undefined,
  }
}

export async function statusCounts(
  db: Database,
  filter: Pick<QueueFilter, 'postSlug'>,
): Promise<Record<SubmissionStatus, number>> {
  const rows = await db
    .select({ status: submissions.status, n: count() })
    .from(submissions)
    .where(and(isNull(submissions.deletedAt), ...postFilter(filter)))
    .groupBy(submissions.status)
  const counts = { pending: 0, approved: 0, rejected: 0, spam: 0 }
  for (const row of rows) counts[row.status] = row.n
  return counts
}

const postFilter = (filter: Pick<QueueFilter, 'postSlug'>): SQL[] =>
  filter.postSlug ? [eq(submissions.postSlug, filter.postSlug)] : []

/** How many rows are in the trash (restorable, not yet purged). */
export async function deletedCount(
  db: Database,
  filter: Pick<QueueFilter, 'postSlug'>,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(submissions)
    .where(and(isNotNull(submissions.deletedAt), ...postFilter(filter)))
  return row?.n ?? 0
}

/** Post slugs that have submissions, for the filter menu. */
export async function postsWithSubmissions(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ slug: submissions.postSlug })
    .from(submissions)
    .orderBy(submissions.postSlug)
  return rows.map((r) => r.slug)
}
