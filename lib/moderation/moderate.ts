import { and, asc, gt, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db'
import { SUBMISSION_STATUSES, submissions, type SubmissionStatus } from '../db/schema'
import { enqueueStatusChangeNotification } from '../notify/webhook-jobs'
import { FIELD_LIMITS } from '../submissions/fields'
import { CONTROL_CHARACTERS } from '../submissions/url-policy'
import { undisguise } from '../text/disguise'
import { recordChanges, type AuditEntry, type AuditVia } from './audit'
import { RESTORE_WINDOW_DAYS } from './retention'
import { TARGET_STATUS, canMove, touchesPublic, type ModerationAction } from './transitions'

export type ModerationResult = {
  /** How many rows the request changed. */
  changed: number
  /** Posts whose public list changed, so their cached lists must be invalidated. */
  publicSlugs: string[]
}

const editableText = (max: number) =>
  z
    .string()
    .transform((v) => undisguise(v).trim())
    .refine((v) => v.length <= max, `at most ${max} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), 'no control characters')
    .transform((v) => (v === '' ? null : v))

export const editsSchema = z.object({
  title: editableText(FIELD_LIMITS.title).optional(),
  name: editableText(FIELD_LIMITS.name).optional(),
})
export type Edits = z.output<typeof editsSchema>

/** What a moderation request does to each row it names. */
export type Change =
  | { kind: 'status'; to: SubmissionStatus; edits?: Edits }
  | { kind: 'edit'; edits: Edits }
  /** Soft delete: the row goes to the trash, exactly as it is. */
  | { kind: 'delete' }
  /** Undo of a delete, within the restore window: the row comes back exactly as it was. */
  | { kind: 'restore' }

export type ChangeResult = ModerationResult & {
  /** The rows that changed (a stale page may name rows the change no longer applies to). */
  ids: number[]
}

const unique = <T>(values: T[]) => [...new Set(values)]

/** Which rows a change may apply to, as a condition on the locked rows. */
function eligible(change: Change): SQL | undefined {
  switch (change.kind) {
    case 'status':
      return and(
        isNull(submissions.deletedAt),
        inArray(
          submissions.status,
          SUBMISSION_STATUSES.filter((from) => canMove(from, change.to)),
        ),
      )
    case 'edit':
    case 'delete':
      return isNull(submissions.deletedAt)
    case 'restore':
      return and(
        isNotNull(submissions.deletedAt),
        gt(submissions.deletedAt, sql`now() - make_interval(days => ${RESTORE_WINDOW_DAYS})`),
      )
  }
}

function editedFields(
  row: { title: string | null; submitterName: string | null },
  edits: Edits | undefined,
) {
  const fields: string[] = []
  if (edits?.title !== undefined && edits.title !== row.title) fields.push('title')
  if (edits?.name !== undefined && edits.name !== row.submitterName) fields.push('name')
  return fields
}

const editSet = (edits: Edits | undefined) => ({
  ...(edits?.title !== undefined ? { title: edits.title } : {}),
  ...(edits?.name !== undefined ? { submitterName: edits.name } : {}),
})

/**
 * Every change to existing submissions goes through here: the rows are locked,
 * those the change still applies to are updated, and each gets its audit row,
 * all in one transaction. Rows it does not apply to are left alone (a stale page
 * cannot, say, approve spam or edit a deleted row).
 */
export async function applyChange(
  db: Database,
  input: { ids: number[]; change: Change; by: string | null; via: AuditVia; detail?: string },
): Promise<ChangeResult> {
  const none: ChangeResult = { changed: 0, publicSlugs: [], ids: [] }
  if (input.ids.length === 0) return none
  const { change } = input
  return db.transaction(async (tx) => {
    const before = await tx
      .select({
        id: submissions.id,
        status: submissions.status,
        postSlug: submissions.postSlug,
        title: submissions.title,
        submitterName: submissions.submitterName,
      })
      .from(submissions)
      .where(and(inArray(submissions.id, input.ids), eligible(change)))
      // Locked in id order, so two bulk changes over the same rows cannot deadlock.
      .orderBy(asc(submissions.id))
      .for('update')
    if (before.length === 0) return none
    const ids = before.map((r) => r.id)
    const moderated = { moderatedAt: sql`now()`, moderatedBy: input.by ?? input.via }
    const entries: AuditEntry[] = []
    const entry = (
      r: (typeof before)[number],
      from: AuditEntry['from'],
      to: AuditEntry['to'],
      fields: string[] = [],
    ) => {
      const details = [fields.length ? `${fields.join(' and ')} edited` : '', input.detail ?? '']
      entries.push({
        submissionId: r.id,
        actor: input.by,
        from,
        to,
        via: input.via,
        detail: details.filter(Boolean).join('; ') || null,
      })
    }
    let isPublic: (r: (typeof before)[number]) => boolean
    switch (change.kind) {
      case 'status':
        await tx
          .update(submissions)
          .set({
            status: change.to,
            ...moderated,
            // When it went public: the readers' feeds date and order entries by it.
            ...(change.to === 'approved' ? { approvedAt: sql`now()` } : {}),
            ...editSet(change.edits),
          })
          .where(inArray(submissions.id, ids))
        for (const r of before) entry(r, r.status, change.to, editedFields(r, change.edits))
        isPublic = (r) => touchesPublic(r.status, change.to)
        break
      case 'edit':
        await tx
          .update(submissions)
          .set({ ...moderated, ...editSet(change.edits) })
          .where(inArray(submissions.id, ids))
        for (const r of before) {
          const fields = editedFields(r, change.edits)
          if (fields.length) entry(r, r.status, r.status, fields)
        }
        isPublic = (r) => r.status === 'approved'
        break
      case 'delete':
        // Only the deletion time changes, so a restore brings back the row exactly.
        await tx
          .update(submissions)
          .set({ deletedAt: sql`now()` })
          .where(inArray(submissions.id, ids))
        for (const r of before) entry(r, r.status, 'deleted')
        isPublic = (r) => r.status === 'approved'
        break
      case 'restore':
        await tx.update(submissions).set({ deletedAt: null }).where(inArray(submissions.id, ids))
        for (const r of before) entry(r, 'deleted', r.status)
        isPublic = (r) => r.status === 'approved'
        break
    }
    await recordChanges(tx, entries)
    // The webhook hears of every status change (a delete is to 'deleted', a
    // restore back from it), queued in this transaction like the audit rows.
    for (const e of entries) {
      if (e.from === null) continue
      await enqueueStatusChangeNotification(tx, {
        submissionId: e.submissionId,
        from: e.from,
        to: e.to,
        via: input.via,
      })
    }
    return {
      changed: before.length,
      ids,
      publicSlugs: unique(before.filter(isPublic).map((r) => r.postSlug)),
    }
  })
}

const result = ({ changed, publicSlugs }: ChangeResult): ModerationResult => ({
  changed,
  publicSlugs,
})

/**
 * Moves the given rows to the action's status, with optional edits to title and
 * name in the same transaction. `via` says through what ('admin' unless told).
 */
export async function moderate(
  db: Database,
  input: { ids: number[]; action: ModerationAction; by: string; edits?: Edits; via?: AuditVia },
): Promise<ModerationResult> {
  return result(
    await applyChange(db, {
      ids: input.ids,
      change: { kind: 'status', to: TARGET_STATUS[input.action], edits: input.edits },
      by: input.by,
      via: input.via ?? 'admin',
    }),
  )
}

/** Edits a row's title or name in place; for an approved row the public list shows the change. */
export async function editDetails(
  db: Database,
  input: { id: number; by: string; edits: Edits; via?: AuditVia },
): Promise<ModerationResult> {
  const { title, name } = input.edits
  if (title === undefined && name === undefined) return { changed: 0, publicSlugs: [] }
  return result(
    await applyChange(db, {
      ids: [input.id],
      change: { kind: 'edit', edits: input.edits },
      by: input.by,
      via: input.via ?? 'admin',
    }),
  )
}

/** Moves rows to the trash (restorable for RESTORE_WINDOW_DAYS, then purged). */
export async function deleteSubmissions(
  db: Database,
  input: { ids: number[]; by: string; via?: AuditVia },
): Promise<ChangeResult> {
  return applyChange(db, {
    ids: input.ids,
    change: { kind: 'delete' },
    by: input.by,
    via: input.via ?? 'admin',
  })
}

/** Undo of a delete: the rows come back with the status and details they had. */
export async function restoreSubmissions(
  db: Database,
  input: { ids: number[]; by: string; via?: AuditVia },
): Promise<ChangeResult> {
  return applyChange(db, {
    ids: input.ids,
    change: { kind: 'restore' },
    by: input.by,
    via: input.via ?? 'admin',
  })
}
