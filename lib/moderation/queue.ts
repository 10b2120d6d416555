import { domainToASCII } from 'node:url'
import { and, asc, count, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../db'
import {
  SUBMISSION_STATUSES,
  linkChecks,
  submissions,
  type Submission,
  type SubmissionStatus,
} from '../db/schema'

export type QueueFilter = {
  status?: SubmissionStatus
  postSlug?: string
  /** Only links whose latest check failed (lib/links/check.ts), pending or approved. */
  broken?: boolean
  /** Only links an automatic signal flagged "Needs a look". */
  needsLook?: boolean
  /** The trash: deleted rows only (otherwise deleted rows never show). */
  deleted?: boolean
  /** Words in the link (so a domain too), the title or the name; case does not matter. */
  search?: string
}

/** A position in the queue: the sort key of a row, opaque to the browser. */
export type Cursor = { status: SubmissionStatus; createdAt: string; id: number }

export type QueueRow = Omit<Submission, 'ipHash' | 'normalizedUrl' | 'approvedAt'>

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
      (SUBMISSION_STATUSES as readonly string[]).includes(status) &&
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
  hiddenAt: submissions.hiddenAt,
  hiddenVia: submissions.hiddenVia,
  needsLook: submissions.needsLook,
  needsLookAt: submissions.needsLookAt,
  // Full microsecond precision: a JS Date would round it and skip or repeat rows.
  cursorTime: sql<string>`${submissions.createdAt}::text`,
}

/**
 * "Broken": pending or approved links whose latest check failed. Rejected and
 * spam rows are never shown, so their links being down is nobody's business.
 */
export const brokenCondition: SQL = sql`${submissions.status} in ('pending', 'approved') and exists (select 1 from ${linkChecks} where ${linkChecks.submissionId} = ${submissions.id} and ${linkChecks.consecutiveFailures} > 0)`

function filters(filter: QueueFilter): SQL[] {
  const where: SQL[] = [
    filter.deleted ? isNotNull(submissions.deletedAt) : isNull(submissions.deletedAt),
  ]
  if (filter.status) where.push(eq(submissions.status, filter.status))
  if (filter.postSlug) where.push(eq(submissions.postSlug, filter.postSlug))
  if (filter.broken) where.push(brokenCondition)
  if (filter.needsLook) where.push(isNotNull(submissions.needsLook))
  const search = searchCondition(filter.search)
  if (search) where.push(search)
  return where
}

/** `%` and `_` are wildcards of LIKE: what the author types is matched as typed. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Search: a part of the link (a domain, a path), of the title or of the name.
 * A Unicode domain is looked for in its punycode form too, as a link may be
 * stored either way. A filter like the others, so keyset pagination is as before.
 */
function searchCondition(raw: string | undefined): SQL | undefined {
  const text = raw?.trim()
  if (!text) return undefined
  const pattern = likePattern(text)
  const ascii = /[^\p{ASCII}]/u.test(text) ? domainToASCII(text.toLowerCase()) : ''
  return or(
    ilike(submissions.url, pattern),
    ilike(submissions.title, pattern),
    ilike(submissions.submitterName, pattern),
    ascii && ascii !== text ? ilike(submissions.url, likePattern(ascii)) : undefined,
  )
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
  const rows: QueueRow[] = slice.map(({ cursorTime: _cursor, ...row }) => row)
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
  const counts = Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0])) as Record<
    SubmissionStatus,
    number
  >
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

/** Counts for the filters beside the statuses: "Needs a look" and "Broken" (never deleted rows). */
export async function signalCounts(
  db: Database,
  filter: Pick<QueueFilter, 'postSlug'>,
): Promise<{ needsLook: number; broken: number }> {
  const [row] = await db
    .select({
      needsLook: sql<number>`count(*) filter (where ${submissions.needsLook} is not null)`.mapWith(
        Number,
      ),
      broken: sql<number>`count(*) filter (where ${brokenCondition})`.mapWith(Number),
    })
    .from(submissions)
    .where(and(isNull(submissions.deletedAt), ...postFilter(filter)))
  return { needsLook: row?.needsLook ?? 0, broken: row?.broken ?? 0 }
}
