import { and, asc, gt, lte } from 'drizzle-orm'
import { actorLabel } from './audit'
import type { Database } from '../db'
import { auditLog, submissions, type AuditState, type SubmissionStatus } from '../db/schema'

/** One submission with its whole history, as the export writes it (never the IP hash). */
export type ExportRecord = {
  id: number
  postSlug: string
  url: string
  title: string | null
  submitterName: string | null
  note: string | null
  status: SubmissionStatus
  createdAt: string
  moderatedAt: string | null
  /** Who, as the admin shows it: the author by AUTHOR_NAME, never an internal id. */
  moderatedBy: string | null
  /** Set while the row is in the trash. */
  deletedAt: string | null
  history: {
    at: string
    actor: string | null
    from: AuditState | null
    to: AuditState
    via: string
    detail: string | null
  }[]
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/**
 * Every submission (deleted ones included, with deletedAt set), oldest id first,
 * read in keyset-paginated batches of `batchSize`: memory holds one batch and its
 * history, however many rows there are. Older rows name the author by an
 * internal id (`email:…`, `github:…`); they are written as `authorName`, the
 * way the admin shows them (actorLabel).
 */
export async function* exportRecords(
  db: Database,
  { authorName, batchSize = 500 }: { authorName: string; batchSize?: number },
): AsyncGenerator<ExportRecord> {
  let after = 0
  for (;;) {
    const rows = await db
      .select({
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
        deletedAt: submissions.deletedAt,
      })
      .from(submissions)
      .where(gt(submissions.id, after))
      .orderBy(asc(submissions.id))
      .limit(batchSize)
    const last = rows[rows.length - 1]
    if (!last) return
    // The batch holds every id in (after, last.id], so this range is exactly its history.
    const events = await db
      .select({
        submissionId: auditLog.submissionId,
        at: auditLog.at,
        actor: auditLog.actor,
        from: auditLog.fromStatus,
        to: auditLog.toStatus,
        via: auditLog.via,
        detail: auditLog.detail,
      })
      .from(auditLog)
      .where(and(gt(auditLog.submissionId, after), lte(auditLog.submissionId, last.id)))
      .orderBy(asc(auditLog.submissionId), asc(auditLog.id))
    const history = new Map<number, ExportRecord['history']>()
    for (const { submissionId, at, actor, ...event } of events) {
      const list = history.get(submissionId) ?? []
      list.push({ at: at.toISOString(), actor: actorLabel(actor, authorName), ...event })
      history.set(submissionId, list)
    }
    for (const row of rows) {
      yield {
        ...row,
        createdAt: row.createdAt.toISOString(),
        moderatedAt: iso(row.moderatedAt),
        moderatedBy: actorLabel(row.moderatedBy, authorName),
        deletedAt: iso(row.deletedAt),
        history: history.get(row.id) ?? [],
      }
    }
    after = last.id
  }
}

/** A JSON array, one record per line, written as the records arrive. */
export async function* toJson(records: AsyncIterable<ExportRecord>): AsyncGenerator<string> {
  let first = true
  yield '['
  for await (const record of records) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(record)}`
    first = false
  }
  yield '\n]\n'
}

/*
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or
 * carriage return, which some strip before looking) gets a leading apostrophe:
 * readers write titles and notes, and a CSV export must not run them.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export const CSV_COLUMNS = [
  'id',
  'post',
  'url',
  'title',
  'name',
  'note',
  'status',
  'created_at',
  'moderated_at',
  'moderated_by',
  'deleted_at',
  'history',
] as const

/** A record's history in one cell, one change per line: "<when> pending -> approved via admin by x". */
export function historyCell(history: ExportRecord['history']): string {
  return history
    .map(
      (e) =>
        `${e.at} ${e.from ?? 'new'} -> ${e.to} via ${e.via}` +
        (e.actor ? ` by ${e.actor}` : '') +
        (e.detail ? ` (${e.detail})` : ''),
    )
    .join('\n')
}

/** CSV with a header row, one submission per row, CRLF line ends. */
export async function* toCsv(records: AsyncIterable<ExportRecord>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`
  for await (const r of records) {
    const cells = [
      r.id,
      r.postSlug,
      r.url,
      r.title,
      r.submitterName,
      r.note,
      r.status,
      r.createdAt,
      r.moderatedAt,
      r.moderatedBy,
      r.deletedAt,
      historyCell(r.history),
    ]
    yield `${cells.map(csvCell).join(',')}\r\n`
  }
}

/**
 * Text chunks as a byte stream that reads only when the consumer asks (pull):
 * a slow download never makes the server read ahead. Small chunks are joined
 * into pieces of about `chunkBytes`. Cancelling stops the reading.
 */
export function toByteStream(
  chunks: AsyncIterable<string>,
  { chunkBytes = 64 * 1024 }: { chunkBytes?: number } = {},
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let piece = ''
        while (piece.length < chunkBytes) {
          const next = await iterator.next()
          if (next.done) {
            if (piece) controller.enqueue(encoder.encode(piece))
            controller.close()
            return
          }
          piece += next.value
        }
        controller.enqueue(encoder.encode(piece))
      },
      async cancel() {
        await iterator.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}
