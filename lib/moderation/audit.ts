import { asc, inArray } from 'drizzle-orm'
import type { Database } from '../db'
import { auditLog, type AuditRow, type AuditState } from '../db/schema'

/**
 * Through what a change was made. Open-ended on purpose: each path that changes
 * a submission names itself ('link-check', 'webmention', …).
 */
export type AuditVia =
  | 'form'
  | 'webmention'
  | 'admin'
  | 'one-click'
  | 'trusted-domain rule'
  | 'blocked-domain rule'
  | 'link-check'
  | typeof READER_VIA
  | (string & {})

/**
 * The reader withdrawing their own link from its private status page
 * (lib/reader-status): a hide through this path holds until the author shows
 * the link again itself (see applyChange in ./moderate.ts).
 */
export const READER_VIA = 'reader'

export type AuditEntry = {
  submissionId: number
  /** The author's id; null when a rule or the system acted. */
  actor: string | null
  /** null: the row was created by this change. */
  from: AuditState | null
  to: AuditState
  via: AuditVia
  detail?: string | null
}

/**
 * The one place where submission changes are recorded, called inside the
 * transaction of the change itself (so a change and its audit row commit or
 * fail together). Anything that must follow every status change, such as the
 * status-change webhook, belongs here too.
 */
export async function recordChanges(tx: Database, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      submissionId: e.submissionId,
      actor: e.actor,
      fromStatus: e.from,
      toStatus: e.to,
      via: e.via,
      detail: e.detail ?? null,
    })),
  )
}

export type HistoryEntry = Pick<
  AuditRow,
  'at' | 'actor' | 'fromStatus' | 'toStatus' | 'via' | 'detail'
> & { id: number }

/** The history of each given submission, oldest change first. */
export async function historyFor(
  db: Database,
  submissionIds: number[],
): Promise<Map<number, HistoryEntry[]>> {
  const history = new Map<number, HistoryEntry[]>()
  if (submissionIds.length === 0) return history
  const rows = await db
    .select({
      id: auditLog.id,
      submissionId: auditLog.submissionId,
      at: auditLog.at,
      actor: auditLog.actor,
      fromStatus: auditLog.fromStatus,
      toStatus: auditLog.toStatus,
      via: auditLog.via,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .where(inArray(auditLog.submissionId, submissionIds))
    .orderBy(asc(auditLog.submissionId), asc(auditLog.id))
  for (const { submissionId, ...entry } of rows) {
    const list = history.get(submissionId) ?? []
    list.push(entry)
    history.set(submissionId, list)
  }
  return history
}

/** Internal ids older rows were recorded under (before moderation was recorded by name). */
const INTERNAL_AUTHOR_ID = /^(?:email|github):/

/**
 * Who a stored `moderatedBy` or audit actor stands for, as the admin shows it:
 * rows written before moderation was recorded by name hold `email:…` or
 * `github:…`, which were always the author, so they read as AUTHOR_NAME.
 */
export function actorLabel(actor: string | null, authorName: string): string | null {
  if (actor === null) return null
  return INTERNAL_AUTHOR_ID.test(actor) ? authorName : actor
}
