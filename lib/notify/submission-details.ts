import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions, type SubmissionStatus } from '../db/schema'
import { encodeCursor } from '../moderation/queue'

/** What a notification may say about a submission: never the IP hash. */
export type SubmissionDetails = {
  id: number
  postSlug: string
  url: string
  title: string | null
  name: string | null
  note: string | null
  status: SubmissionStatus
  createdAt: Date
  /** A queue cursor that starts the /admin page at this row. */
  queueCursor: string
}

const columns = {
  id: submissions.id,
  postSlug: submissions.postSlug,
  url: submissions.url,
  title: submissions.title,
  name: submissions.submitterName,
  note: submissions.note,
  status: submissions.status,
  createdAt: submissions.createdAt,
  // Microsecond precision, as the queue's own cursors carry it.
  createdText: sql<string>`${submissions.createdAt}::text`,
}

export async function loadSubmissionDetails(
  db: Database,
  id: number,
): Promise<SubmissionDetails | undefined> {
  const [row] = await db.select(columns).from(submissions).where(eq(submissions.id, id))
  if (!row) return undefined
  const { createdText, ...rest } = row
  // The queue lists rows after its cursor: one id below this row's puts it first.
  return {
    ...rest,
    queueCursor: encodeCursor({ status: row.status, createdAt: createdText, id: row.id - 1 }),
  }
}
