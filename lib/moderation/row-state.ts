import { createHash } from 'node:crypto'
import { eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db'
import { SUBMISSION_STATUSES, linkChecks, submissions } from '../db/schema'
import { FIELD_LIMITS } from '../submissions/fields'

/**
 * A time exactly as Postgres prints a timestamptz (`2026-12-06 18:13:00.123456+00`):
 * carried as text, so an Undo writes back the very microsecond it read.
 */
export const pgTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:?\d\d){0,2}|Z)?$/)

const stamp = pgTime.nullable()

/**
 * Everything an author's move may change about a row: what an Undo puts back.
 * `title` and `name` are carried only by moves that may edit them.
 */
export const rowStateSchema = z.object({
  status: z.enum(SUBMISSION_STATUSES),
  moderatedAt: stamp,
  moderatedBy: z.string().max(200).nullable(),
  approvedAt: stamp,
  deletedAt: stamp,
  hiddenAt: stamp,
  hiddenVia: z.string().max(100).nullable(),
  needsLook: z.string().max(1000).nullable(),
  needsLookAt: stamp,
  /** The link check's "kept shown by you" (null: the link was never checked). */
  keepShown: z.boolean().nullable(),
  title: z.string().max(FIELD_LIMITS.title).nullable().optional(),
  name: z.string().max(FIELD_LIMITS.name).nullable().optional(),
})
export type RowState = z.output<typeof rowStateSchema>

/** The states of the given rows, as they are now (call it inside the change's transaction). */
export async function readRowStates(db: Database, ids: number[]): Promise<Map<number, RowState>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .select({
      id: submissions.id,
      status: submissions.status,
      moderatedAt: sql<string | null>`${submissions.moderatedAt}::text`,
      moderatedBy: submissions.moderatedBy,
      approvedAt: sql<string | null>`${submissions.approvedAt}::text`,
      deletedAt: sql<string | null>`${submissions.deletedAt}::text`,
      hiddenAt: sql<string | null>`${submissions.hiddenAt}::text`,
      hiddenVia: submissions.hiddenVia,
      needsLook: submissions.needsLook,
      needsLookAt: sql<string | null>`${submissions.needsLookAt}::text`,
      keepShown: linkChecks.keepShown,
      title: submissions.title,
      name: submissions.submitterName,
    })
    .from(submissions)
    .leftJoin(linkChecks, eq(linkChecks.submissionId, submissions.id))
    .where(inArray(submissions.id, ids))
  return new Map(rows.map(({ id, ...state }) => [id, state]))
}

/**
 * A short digest of a row's whole state: an Undo applies only while the row is
 * still exactly as the move left it, so it never overwrites a later change.
 */
export function fingerprint(state: RowState): string {
  const fields = [
    state.status,
    state.moderatedAt,
    state.moderatedBy,
    state.approvedAt,
    state.deletedAt,
    state.hiddenAt,
    state.hiddenVia,
    state.needsLook,
    state.needsLookAt,
    state.keepShown,
    state.title ?? null,
    state.name ?? null,
  ]
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url').slice(0, 22)
}

/** What an Undo carries for one row: the state to go back to, and the state it must find. */
export const revertRowSchema = z.object({
  id: z.number().int().positive(),
  to: rowStateSchema,
  from: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
})
export type RevertRow = z.output<typeof revertRowSchema>

const time = (value: string | null) => (value === null ? null : sql`${value}::timestamptz`)

/** Writes a row back to a state read by readRowStates (inside the change's transaction). */
export async function writeRowState(db: Database, id: number, to: RowState): Promise<void> {
  await db
    .update(submissions)
    .set({
      status: to.status,
      moderatedAt: time(to.moderatedAt),
      moderatedBy: to.moderatedBy,
      approvedAt: time(to.approvedAt),
      deletedAt: time(to.deletedAt),
      hiddenAt: time(to.hiddenAt),
      hiddenVia: to.hiddenVia,
      needsLook: to.needsLook,
      needsLookAt: time(to.needsLookAt),
      ...(to.title !== undefined ? { title: to.title } : {}),
      ...(to.name !== undefined ? { submitterName: to.name } : {}),
    })
    .where(eq(submissions.id, id))
  if (to.keepShown !== null) {
    await db
      .update(linkChecks)
      .set({ keepShown: to.keepShown })
      .where(eq(linkChecks.submissionId, id))
  }
}
