import { and, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db'
import { submissions, type SubmissionStatus } from '../db/schema'
import { enqueueStatusChangeNotification } from '../notify/webhook-jobs'
import { FIELD_LIMITS } from '../submissions/fields'
import { CONTROL_CHARACTERS } from '../submissions/url-policy'
import { TARGET_STATUS, sourcesFor, touchesPublic, type ModerationAction } from './transitions'

export type ModerationResult = {
  /** How many rows the request changed. */
  changed: number
  /** Posts whose public list changed, so their cached lists must be invalidated. */
  publicSlugs: string[]
}

const editableText = (max: number) =>
  z
    .string()
    .transform((v) => v.trim())
    .refine((v) => v.length <= max, `at most ${max} characters`)
    .refine((v) => !CONTROL_CHARACTERS.test(v), 'no control characters')
    .transform((v) => (v === '' ? null : v))

export const editsSchema = z.object({
  title: editableText(FIELD_LIMITS.title).optional(),
  name: editableText(FIELD_LIMITS.name).optional(),
})
export type Edits = z.output<typeof editsSchema>

const unique = (values: string[]) => [...new Set(values)]

/**
 * Moves the given rows to the action's status. Rows whose current status does
 * not allow the move are left alone (a stale page cannot, say, approve spam).
 * Optional edits to title and name are applied in the same transaction.
 */
export async function moderate(
  db: Database,
  input: {
    ids: number[]
    action: ModerationAction
    by: string
    edits?: Edits
    /** Through what the change was made ('admin', 'one-click'), for notifications. */
    via?: string
  },
): Promise<ModerationResult> {
  if (input.ids.length === 0) return { changed: 0, publicSlugs: [] }
  const to = TARGET_STATUS[input.action]
  return db.transaction(async (tx) => {
    const before = await tx
      .select({ id: submissions.id, status: submissions.status, postSlug: submissions.postSlug })
      .from(submissions)
      .where(
        and(
          inArray(submissions.id, input.ids),
          inArray(submissions.status, sourcesFor(input.action)),
        ),
      )
      .for('update')
    if (before.length === 0) return { changed: 0, publicSlugs: [] }
    const edits = input.edits ?? {}
    await tx
      .update(submissions)
      .set({
        status: to,
        moderatedAt: sql`now()`,
        moderatedBy: input.by,
        ...(edits.title !== undefined ? { title: edits.title } : {}),
        ...(edits.name !== undefined ? { submitterName: edits.name } : {}),
      })
      .where(
        inArray(
          submissions.id,
          before.map((r) => r.id),
        ),
      )
    for (const r of before) {
      await enqueueStatusChangeNotification(tx, {
        submissionId: r.id,
        from: r.status,
        to,
        via: input.via ?? 'admin',
      })
    }
    return {
      changed: before.length,
      publicSlugs: unique(before.filter((r) => touchesPublic(r.status, to)).map((r) => r.postSlug)),
    }
  })
}

/** Edits an approved row's title or name in place; the public list shows the change. */
export async function editDetails(
  db: Database,
  input: { id: number; by: string; edits: Edits },
): Promise<ModerationResult> {
  const { title, name } = input.edits
  if (title === undefined && name === undefined) return { changed: 0, publicSlugs: [] }
  const rows = await db
    .update(submissions)
    .set({
      ...(title !== undefined ? { title } : {}),
      ...(name !== undefined ? { submitterName: name } : {}),
      moderatedAt: sql`now()`,
      moderatedBy: input.by,
    })
    .where(eq(submissions.id, input.id))
    .returning({ postSlug: submissions.postSlug, status: submissions.status })
  return {
    changed: rows.length,
    publicSlugs: unique(rows.filter((r) => r.status === 'approved').map((r) => r.postSlug)),
  }
}

export async function deleteSubmissions(db: Database, ids: number[]): Promise<ModerationResult> {
  if (ids.length === 0) return { changed: 0, publicSlugs: [] }
  const rows = await db
    .delete(submissions)
    .where(inArray(submissions.id, ids))
    .returning({ postSlug: submissions.postSlug, status: submissions.status })
  return {
    changed: rows.length,
    publicSlugs: unique(
      rows
        .filter((r) => touchesPublic(r.status as SubmissionStatus, 'deleted'))
        .map((r) => r.postSlug),
    ),
  }
}
