import { and, asc, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { outbox } from '../db/schema'

/**
 * A durable job queue in the app's own database (the "transactional outbox").
 * Work that must follow a change (a link check, a notification) is enqueued
 * with the change's own transaction, so both commit or neither does; it runs
 * after the response, and a job whose run failed, or whose worker died, is
 * picked up again by a later drain. Jobs run at least once: a handler with an
 * outside effect makes a repeat harmless (a stable Message-ID, an idempotent update).
 */

export type OutboxJobInput = {
  kind: string
  payload: Record<string, unknown>
  /** At most one job per key, ever (e.g. one digest per time window). */
  dedupeKey?: string
  runAfter?: Date
}

export type OutboxJob = {
  id: number
  kind: string
  payload: Record<string, unknown>
  /** Runs so far, this one included. */
  attempts: number
}

export type JobHandler = (payload: Record<string, unknown>, job: OutboxJob) => Promise<void>
export type JobHandlers = Record<string, JobHandler>

export type DrainOptions = {
  /** At most this many jobs in one drain. */
  limit?: number
  /** How long a claimed job stays another worker's before it counts as abandoned. */
  leaseSeconds?: number
  /** Stop claiming new jobs after this many milliseconds. */
  budgetMs?: number
}

export type DrainResult = { done: number; retried: number; dead: number }

/** After this many failed runs a job is given up (dead), keeping its last error. */
export const MAX_ATTEMPTS = 10

/** Seconds to wait before run `attempts + 1`: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1))
}

/** Adds a job; pass the transaction of the change it belongs to. */
export async function enqueue(db: Database, job: OutboxJobInput): Promise<void> {
  await db
    .insert(outbox)
    .values({
      kind: job.kind,
      payload: job.payload,
      dedupeKey: job.dedupeKey ?? null,
      ...(job.runAfter ? { runAfter: job.runAfter } : {}),
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
}

/**
 * Leases up to `limit` due jobs of the given kinds. `for update skip locked`
 * lets instances drain at once without taking the same job; the lease (not
 * the row lock, which ends with this statement) keeps it theirs while it runs.
 */
async function claim(
  db: Database,
  kinds: string[],
  limit: number,
  leaseSeconds: number,
): Promise<OutboxJob[]> {
  const now = sql`now()`
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        isNull(outbox.doneAt),
        isNull(outbox.deadAt),
        lte(outbox.runAfter, now),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
        inArray(outbox.kind, kinds),
      ),
    )
    .orderBy(asc(outbox.runAfter), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true })
  const rows = await db
    .update(outbox)
    .set({
      lockedUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(inArray(outbox.id, due))
    .returning({
      id: outbox.id,
      kind: outbox.kind,
      payload: outbox.payload,
      attempts: outbox.attempts,
    })
  return rows.sort((a, b) => a.id - b.id)
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, 2000)
}

/** Runs due jobs one after another; each outcome is written as soon as it is known. */
export async function drainOutbox(
  db: Database,
  handlers: JobHandlers,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const { limit = 25, leaseSeconds = 120, budgetMs = 20_000 } = options
  const result: DrainResult = { done: 0, retried: 0, dead: 0 }
  const kinds = Object.keys(handlers)
  if (kinds.length === 0) return result
  const started = Date.now()
  let left = limit
  while (left > 0 && Date.now() - started < budgetMs) {
    const jobs = await claim(db, kinds, Math.min(left, 5), leaseSeconds)
    if (jobs.length === 0) break
    left -= jobs.length
    for (const job of jobs) {
      try {
        await handlers[job.kind]!(job.payload, job)
        await db
          .update(outbox)
          .set({ doneAt: sql`now()`, lockedUntil: null, lastError: null })
          .where(sql`${outbox.id} = ${job.id}`)
        result.done++
      } catch (error) {
        const gaveUp = job.attempts >= MAX_ATTEMPTS
        await db
          .update(outbox)
          .set({
            lockedUntil: null,
            lastError: describeError(error),
            ...(gaveUp
              ? { deadAt: sql`now()` }
              : {
                  runAfter: sql`now() + make_interval(secs => ${backoffSeconds(job.attempts)})`,
                }),
          })
          .where(sql`${outbox.id} = ${job.id}`)
        if (gaveUp) result.dead++
        else result.retried++
      }
    }
  }
  return result
}
