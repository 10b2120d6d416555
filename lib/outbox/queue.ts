import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { outbox } from '../db/schema'

/**
 * A durable job queue in the app's own database (the "transactional outbox").
 * Work that must follow a change (a link check, a notification) is enqueued
 * with the change's own transaction, so both commit or neither does; it runs
 * after the response, and a job whose run failed, or whose worker died, is
 * picked up again by a later drain. Jobs run at least once: a handler with an
 * outside effect makes a repeat harmless or recognisable (a stable Message-ID,
 * a stable webhook-id, an idempotent update).
 *
 * A lease covers one job and is renewed while the job runs, so no job runs twice
 * at once however slow it is; a second run happens only when a worker died
 * (or stalled past its lease) without recording the outcome.
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
  /**
   * How long a claimed job stays this worker's before another may take it
   * (its worker counts as dead). Each lease covers one job, and is renewed every
   * third of it while the job runs, so a slow job is never run twice at once.
   */
  leaseSeconds?: number
  /**
   * How often the running job's lease is renewed: every third of the lease
   * unless set. Tests pair a long lease with frequent renewals, so that however
   * busy the machine, a lease lapses only when the test says so (it moves
   * locked_until into the past) and the renewal can be watched in seconds.
   */
  renewEveryMs?: number
  /**
   * A job still running after this long stops renewing its lease, so another
   * worker may retry it once the lease lapses. A backstop only: every handler
   * bounds its own work far below it (see OUTBOX_TIMEOUTS).
   */
  jobTimeoutMs?: number
  /** Stop claiming new jobs after this many milliseconds. */
  budgetMs?: number
}

/**
 * The drain's time limits. Every handler bounds its own work well below them (an
 * email after EMAIL_TIMEOUTS.totalMs, 60 s, in lib/notify/email.ts; a webhook
 * after WEBHOOK_TIMEOUT_MS, 10 s, in lib/notify/webhook.ts; a fetched page after
 * safe-fetch's TIMEOUT_MS, 5 s), and the heartbeat renews the lease meanwhile
 * anyway, so the job time limit is only a backstop for a handler that hangs.
 */
export const OUTBOX_TIMEOUTS = {
  leaseSeconds: 120,
  jobTimeoutMs: 300_000,
} as const

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
 * Leases the next due job of the given kinds, or returns null. `for update skip
 * locked` lets instances drain at once without taking the same job; the lease
 * (not the row lock, which ends with this statement) keeps it theirs while it
 * runs. One job per lease: a job waiting behind another in the same worker is
 * not leased yet, so its lease cannot run out before it starts. `attempts`
 * counts claims, so it also tells a worker whether the job is still its own.
 */
export async function claimJob(
  db: Database,
  kinds: string[],
  leaseSeconds: number,
): Promise<OutboxJob | null> {
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
    .limit(1)
    .for('update', { skipLocked: true })
  const [row] = await db
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
  return row ?? null
}

/** The job's row, as long as no later claim has taken it over (the claim count is the fence). */
const stillOurs = (job: OutboxJob) =>
  and(eq(outbox.id, job.id), eq(outbox.attempts, job.attempts), isNull(outbox.doneAt))

/**
 * Renews the job's lease every `renewEveryMs` until stopped or until the job's
 * time is up. Renewing only a row that is still this claim's, so a worker that
 * stalled past its lease never extends another worker's. A tick that finds the
 * last renewal still under way skips, so a slow database does not pile them up.
 */
function startHeartbeat(
  db: Database,
  job: OutboxJob,
  leaseSeconds: number,
  renewEveryMs: number,
  jobTimeoutMs: number,
): () => Promise<void> {
  const started = Date.now()
  let pending: Promise<unknown> | undefined
  const timer = setInterval(
    () => {
      if (Date.now() - started >= jobTimeoutMs) {
        clearInterval(timer)
        return
      }
      if (pending) return
      pending = db
        .update(outbox)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
        .where(stillOurs(job))
        .catch((error: unknown) => {
          // A missed renewal shortens the lease; the next tick tries again.
          console.error(`outbox: could not renew the lease of job ${job.id}:`, error)
        })
        .finally(() => {
          pending = undefined
        })
    },
    Math.max(20, renewEveryMs),
  )
  return async () => {
    clearInterval(timer)
    await pending
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, 2000)
}

/**
 * Runs due jobs one after another, claiming each only when it is about to run;
 * each outcome is written as soon as it is known.
 */
export async function drainOutbox(
  db: Database,
  handlers: JobHandlers,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const {
    limit = 25,
    leaseSeconds = OUTBOX_TIMEOUTS.leaseSeconds,
    jobTimeoutMs = OUTBOX_TIMEOUTS.jobTimeoutMs,
    budgetMs = 20_000,
  } = options
  const renewEveryMs = options.renewEveryMs ?? (leaseSeconds * 1000) / 3
  const result: DrainResult = { done: 0, retried: 0, dead: 0 }
  const kinds = Object.keys(handlers)
  if (kinds.length === 0) return result
  const started = Date.now()
  for (let n = 0; n < limit && Date.now() - started < budgetMs; n++) {
    const job = await claimJob(db, kinds, leaseSeconds)
    if (!job) break
    const stopHeartbeat = startHeartbeat(db, job, leaseSeconds, renewEveryMs, jobTimeoutMs)
    let failure: { error: unknown } | undefined
    try {
      await handlers[job.kind]!(job.payload, job)
    } catch (error) {
      failure = { error }
    } finally {
      await stopHeartbeat()
    }
    if (!failure) {
      await db
        .update(outbox)
        .set({ doneAt: sql`now()`, lockedUntil: null, lastError: null })
        .where(eq(outbox.id, job.id))
      result.done++
      continue
    }
    const gaveUp = job.attempts >= MAX_ATTEMPTS
    const written = await db
      .update(outbox)
      .set({
        lockedUntil: null,
        lastError: describeError(failure.error),
        ...(gaveUp
          ? { deadAt: sql`now()` }
          : { runAfter: sql`now() + make_interval(secs => ${backoffSeconds(job.attempts)})` }),
      })
      // A worker that outlived its lease leaves the newer claim alone.
      .where(stillOurs(job))
      .returning({ id: outbox.id })
    if (written.length === 0) continue
    if (gaveUp) result.dead++
    else result.retried++
  }
  return result
}
