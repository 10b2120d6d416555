import {
  and,
  asc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db'
import {
  SUBMISSION_STATUSES,
  linkChecks,
  submissions,
  type AuditState,
  type SubmissionStatus,
} from '../db/schema'
import { enqueueFollowUps } from '../outbox/registry'
import { FIELD_LIMITS } from '../submissions/fields'
import { CONTROL_CHARACTERS } from '../submissions/url-policy'
import { undisguise } from '../text/disguise'
import { isPublic, type VisibilityFields } from '../visibility/rule'
import { READER_VIA, recordChanges, type AuditEntry, type AuditVia } from './audit'
import { fingerprint, readRowStates, writeRowState, type RevertRow } from './row-state'
import { RESTORE_WINDOW_DAYS } from './retention'
import { TARGET_STATUS, canMove, type ModerationAction } from './transitions'

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
  /** An approved link leaves the public lists, its status unchanged. */
  | { kind: 'hide' }
  /**
   * A hidden link is shown again. `onlyHiddenVia`: only where that path hid it
   * (a link check that passes again shows only what a link check hid).
   */
  | { kind: 'show'; onlyHiddenVia?: string }
  /** An automatic signal asks the author to look ("Needs a look"); nothing public changes. */
  | { kind: 'flag'; reason: string }
  /**
   * The author's answer to a flag: keep the link shown. Clears the flag and
   * shows it again if a signal (not the author) hid it.
   */
  | { kind: 'keep' }
  /**
   * The author's Undo: each row goes back to the state it had before a move,
   * exactly, but only while it is still exactly as that move left it.
   */
  | { kind: 'revert'; rows: RevertRow[] }

export type ChangeResult = ModerationResult & {
  /** The rows that changed (a stale page may name rows the change no longer applies to). */
  ids: number[]
  /** With `undoable`: for each changed row, what an Undo of this change writes back. */
  undo?: RevertRow[]
}

const unique = <T>(values: T[]) => [...new Set(values)]

const notDeleted = isNull(submissions.deletedAt)

/** Hidden by its reader (withdrawn), which only the author's own "Show again" undoes. */
const withdrawnByReader = sql`(${submissions.hiddenAt} is not null and ${submissions.hiddenVia} is not distinct from ${READER_VIA})`

/**
 * The visibility fields a decision of the author (a status move, "Keep shown")
 * resets: shown again, unless the reader withdrew the link. Both read the row
 * as it was, so the reader's hide and its time are kept together.
 */
const shownUnlessWithdrawn = {
  hiddenAt: sql`case when ${withdrawnByReader} then ${submissions.hiddenAt} end`,
  hiddenVia: sql`case when ${withdrawnByReader} then ${submissions.hiddenVia} end`,
}

/** Which rows a change may apply to, as a condition on the locked rows. */
function eligible(change: Change, via: AuditVia): SQL | undefined {
  switch (change.kind) {
    case 'status':
      return and(
        notDeleted,
        inArray(
          submissions.status,
          SUBMISSION_STATUSES.filter((from) => canMove(from, change.to)),
        ),
      )
    case 'edit':
    case 'delete':
      return notDeleted
    case 'restore':
      return and(
        isNotNull(submissions.deletedAt),
        gt(submissions.deletedAt, sql`now() - make_interval(days => ${RESTORE_WINDOW_DAYS})`),
      )
    case 'hide':
      // A reader withdraws their link whatever its state (pending, approved,
      // rejected, even deleted), so no later move of the author publishes it by
      // accident; a link hidden by someone else becomes the reader's hide.
      if (via === READER_VIA) return sql`not (${withdrawnByReader})`
      return and(notDeleted, eq(submissions.status, 'approved'), isNull(submissions.hiddenAt))
    case 'show':
      return and(
        notDeleted,
        isNotNull(submissions.hiddenAt),
        change.onlyHiddenVia ? eq(submissions.hiddenVia, change.onlyHiddenVia) : undefined,
      )
    case 'flag':
      return and(
        notDeleted,
        isNull(submissions.needsLook),
        inArray(submissions.status, ['pending', 'approved']),
      )
    case 'keep':
      return and(
        notDeleted,
        or(
          isNotNull(submissions.needsLook),
          and(
            isNotNull(submissions.hiddenAt),
            notInArray(submissions.hiddenVia, ['admin', READER_VIA]),
          ),
        ),
      )
    case 'revert':
      // Whether each row is still as the move left it is checked on its state (fingerprint).
      return undefined
  }
}

/** Whether a change may edit title and name, so its Undo must carry them. */
const mayEdit = (change: Change) =>
  change.kind === 'edit' ||
  (change.kind === 'status' &&
    (change.edits?.title !== undefined || change.edits?.name !== undefined))

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

/** A row as the audit trail names its state: hidden is a state of its own, like deleted. */
const stateOf = (r: VisibilityFields): AuditState =>
  r.deletedAt !== null ? 'deleted' : r.hiddenAt !== null ? 'hidden' : r.status

/**
 * Every change to existing submissions goes through here, from the author
 * (admin, one-click, keys, bulk) and from automatic signals (link re-checks,
 * Webmention updates, a reader's withdrawal) alike: the rows are locked, those
 * the change still applies to are updated, and each gets its audit row and its
 * status-change webhook, all in one transaction. Rows it does not apply to are
 * left alone (a stale page cannot, say, approve spam or edit a deleted row).
 * Which posts' public lists changed is worked out with the one visibility
 * rule (lib/visibility/rule.ts) on each row before and after.
 */
export async function applyChange(
  db: Database,
  input: {
    ids: number[]
    change: Change
    by: string | null
    via: AuditVia
    detail?: string
    /** A further condition the rows must meet (a signal touches only rows it created). */
    only?: SQL
    /** Also answer what an Undo of this change needs (`undo`). */
    undoable?: boolean
  },
): Promise<ChangeResult> {
  const none: ChangeResult = { changed: 0, publicSlugs: [], ids: [] }
  if (input.ids.length === 0) return none
  const { change } = input
  return db.transaction(async (tx) => {
    const locked = await tx
      .select({
        id: submissions.id,
        status: submissions.status,
        postSlug: submissions.postSlug,
        title: submissions.title,
        submitterName: submissions.submitterName,
        deletedAt: submissions.deletedAt,
        hiddenAt: submissions.hiddenAt,
        hiddenVia: submissions.hiddenVia,
        needsLook: submissions.needsLook,
      })
      .from(submissions)
      .where(and(inArray(submissions.id, input.ids), eligible(change, input.via), input.only))
      // Locked in id order, so two bulk changes over the same rows cannot deadlock.
      .orderBy(asc(submissions.id))
      .for('update')
    const states =
      change.kind === 'revert' || input.undoable
        ? await readRowStates(
            tx,
            locked.map((r) => r.id),
          )
        : undefined
    const reverts = new Map(change.kind === 'revert' ? change.rows.map((r) => [r.id, r]) : [])
    // An Undo skips rows changed since the move it undoes: it never overwrites later work.
    const before =
      change.kind === 'revert'
        ? locked.filter((r) => {
            const state = states?.get(r.id)
            return state !== undefined && fingerprint(state) === reverts.get(r.id)?.from
          })
        : locked
    if (before.length === 0) return none
    const ids = before.map((r) => r.id)
    const now = new Date()
    const moderated = { moderatedAt: sql`now()`, moderatedBy: input.by ?? input.via }
    const visible = { hiddenAt: null, hiddenVia: null }
    const looked = { needsLook: null, needsLookAt: null }
    type Row = (typeof before)[number]
    const isWithdrawn = (r: Row) => r.hiddenAt !== null && r.hiddenVia === READER_VIA
    /** shownUnlessWithdrawn, as the row will read. */
    const shownUnlessWithdrawnRow = (r: Row) =>
      isWithdrawn(r) ? {} : { hiddenAt: null, hiddenVia: null }
    // Each row as it will be, for the audit trail and the visibility rule.
    let after: (r: Row) => Row
    let fields: (r: Row) => string[] = () => []
    let set: Record<string, unknown> | undefined
    switch (change.kind) {
      case 'status':
        set = {
          status: change.to,
          ...moderated,
          // When it went public: the readers' feeds date and order entries by it.
          ...(change.to === 'approved' ? { approvedAt: sql`now()` } : {}),
          ...editSet(change.edits),
          // The author decided anew: a re-approved link is public again (unless
          // its reader withdrew it), and flags are answered.
          ...shownUnlessWithdrawn,
          ...looked,
        }
        after = (r) => ({ ...r, status: change.to, ...shownUnlessWithdrawnRow(r), needsLook: null })
        fields = (r) => editedFields(r, change.edits)
        break
      case 'edit':
        set = { ...moderated, ...editSet(change.edits) }
        after = (r) => r
        fields = (r) => editedFields(r, change.edits)
        break
      case 'delete':
        // Only the deletion time changes, so a restore brings back the row exactly.
        set = { deletedAt: sql`now()` }
        after = (r) => ({ ...r, deletedAt: now })
        break
      case 'restore':
        set = { deletedAt: null }
        after = (r) => ({ ...r, deletedAt: null })
        break
      case 'hide':
        set = { hiddenAt: sql`now()`, hiddenVia: input.via, ...(input.by ? looked : {}) }
        after = (r) => ({
          ...r,
          hiddenAt: now,
          hiddenVia: input.via,
          needsLook: input.by ? null : r.needsLook,
        })
        break
      case 'show':
        set = { ...visible, ...(input.by ? looked : {}) }
        after = (r) => ({
          ...r,
          hiddenAt: null,
          hiddenVia: null,
          needsLook: input.by ? null : r.needsLook,
        })
        break
      case 'flag':
        set = { needsLook: change.reason, needsLookAt: sql`now()` }
        after = (r) => ({ ...r, needsLook: change.reason })
        break
      case 'keep':
        set = { ...shownUnlessWithdrawn, ...looked }
        after = (r) => ({ ...r, ...shownUnlessWithdrawnRow(r), needsLook: null })
        break
      case 'revert': {
        // Each row has a state of its own to go back to: written one by one below.
        const target = (r: Row) => (reverts.get(r.id) as RevertRow).to
        after = (r) => {
          const to = target(r)
          return {
            ...r,
            status: to.status,
            deletedAt: to.deletedAt === null ? null : now,
            hiddenAt: to.hiddenAt === null ? null : now,
            needsLook: to.needsLook,
            title: to.title === undefined ? r.title : to.title,
            submitterName: to.name === undefined ? r.submitterName : to.name,
          }
        }
        fields = (r) => editedFields(r, { title: target(r).title, name: target(r).name })
        break
      }
    }
    if (set) await tx.update(submissions).set(set).where(inArray(submissions.id, ids))
    else for (const r of before) await writeRowState(tx, r.id, (reverts.get(r.id) as RevertRow).to)
    if (change.kind === 'keep') {
      // Its next failing checks do not flag it again, until one passes.
      await tx
        .update(linkChecks)
        .set({ keepShown: true })
        .where(inArray(linkChecks.submissionId, ids))
    }

    const entries: AuditEntry[] = []
    const publicSlugs: string[] = []
    for (const r of before) {
      const next = after(r)
      const edited = fields(r)
      const from = stateOf(r)
      const to = stateOf(next)
      const note = [
        edited.length ? `${edited.join(' and ')} edited` : '',
        change.kind === 'flag' ? `needs a look: ${change.reason}` : '',
        change.kind === 'keep' ? 'kept shown' : '',
        // The status moved, but the audit state stays 'hidden': say what happened under it.
        change.kind === 'status' && isWithdrawn(next)
          ? `${change.to}, still withdrawn by the reader`
          : '',
        change.kind === 'revert' ? 'undo' : '',
        input.detail ?? '',
      ]
        .filter(Boolean)
        .join('; ')
      // An edit that changed nothing is not a change (an Undo always is: it says so).
      if (change.kind !== 'edit' || edited.length) {
        entries.push({
          submissionId: r.id,
          actor: input.by,
          from,
          to,
          via: input.via,
          detail: note || null,
        })
      }
      if (isPublic(r) !== isPublic(next) || (isPublic(next) && edited.length)) {
        publicSlugs.push(r.postSlug)
      }
    }
    await recordChanges(tx, entries)
    // The webhook hears of every change of state (a delete is to 'deleted', a
    // hide to 'hidden'), queued in this transaction like the audit rows.
    for (const e of entries) {
      if (e.from === null || e.from === e.to) continue
      await enqueueFollowUps(tx, 'submission.changed', {
        submissionId: e.submissionId,
        from: e.from,
        to: e.to,
        via: input.via,
      })
    }
    if (change.kind === 'flag') {
      // The author hears of a flag once, in the flag's own transaction.
      for (const id of ids) {
        await enqueueFollowUps(tx, 'submission.flagged', {
          submissionId: id,
          reason: change.reason,
          at: now,
        })
      }
    }
    let undo: RevertRow[] | undefined
    if (input.undoable && states) {
      const now = await readRowStates(tx, ids)
      undo = ids.flatMap((id) => {
        const was = states.get(id)
        const is = now.get(id)
        if (!was || !is) return []
        // Title and name go back only where this change could have edited them.
        const { title, name, ...rest } = was
        return [
          { id, to: mayEdit(change) ? { ...rest, title, name } : rest, from: fingerprint(is) },
        ]
      })
    }
    return { changed: before.length, ids, publicSlugs: unique(publicSlugs), undo }
  })
}

/** What the author's moves answer: what changed, and (when asked) what an Undo needs. */
export type MoveResult = ModerationResult & { undo?: RevertRow[] }

const result = ({ changed, publicSlugs, undo }: ChangeResult): MoveResult =>
  undo ? { changed, publicSlugs, undo } : { changed, publicSlugs }

/**
 * Moves the given rows to the action's status, with optional edits to title and
 * name in the same transaction. `via` says through what ('admin' unless told).
 */
export async function moderate(
  db: Database,
  input: {
    ids: number[]
    action: ModerationAction
    by: string
    edits?: Edits
    via?: AuditVia
    undoable?: boolean
  },
): Promise<MoveResult> {
  return result(
    await applyChange(db, {
      ids: input.ids,
      change: { kind: 'status', to: TARGET_STATUS[input.action], edits: input.edits },
      by: input.by,
      via: input.via ?? 'admin',
      undoable: input.undoable,
    }),
  )
}

/** Edits a row's title or name in place; for an approved row the public list shows the change. */
export async function editDetails(
  db: Database,
  input: { id: number; by: string; edits: Edits; via?: AuditVia; undoable?: boolean },
): Promise<MoveResult> {
  const { title, name } = input.edits
  if (title === undefined && name === undefined) return { changed: 0, publicSlugs: [] }
  return result(
    await applyChange(db, {
      ids: [input.id],
      change: { kind: 'edit', edits: input.edits },
      by: input.by,
      via: input.via ?? 'admin',
      undoable: input.undoable,
    }),
  )
}

/** Moves rows to the trash (restorable for RESTORE_WINDOW_DAYS, then purged). */
export async function deleteSubmissions(
  db: Database,
  input: { ids: number[]; by: string; via?: AuditVia; undoable?: boolean },
): Promise<ChangeResult> {
  return applyChange(db, {
    ids: input.ids,
    change: { kind: 'delete' },
    by: input.by,
    via: input.via ?? 'admin',
    undoable: input.undoable,
  })
}

/** Undo of a delete: the rows come back with the status and details they had. */
export async function restoreSubmissions(
  db: Database,
  input: { ids: number[]; by: string; via?: AuditVia; undoable?: boolean },
): Promise<ChangeResult> {
  return applyChange(db, {
    ids: input.ids,
    change: { kind: 'restore' },
    by: input.by,
    via: input.via ?? 'admin',
    undoable: input.undoable,
  })
}

/** The author's visibility moves: Hide, Show again, and Keep shown (the answer to a flag). */
export type VisibilityMove = 'hide' | 'show' | 'keep'

export async function changeVisibility(
  db: Database,
  input: { ids: number[]; move: VisibilityMove; by: string; via?: AuditVia; undoable?: boolean },
): Promise<MoveResult> {
  return result(
    await applyChange(db, {
      ids: input.ids,
      change: { kind: input.move },
      by: input.by,
      via: input.via ?? 'admin',
      undoable: input.undoable,
    }),
  )
}
