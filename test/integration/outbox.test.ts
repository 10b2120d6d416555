import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  MAX_ATTEMPTS,
  backoffSeconds,
  drainOutbox,
  enqueue,
  type OutboxJob,
} from '@/lib/outbox/queue'
import {
  queryRows,
  testDatabases,
  type TestDatabaseHandle,
  useTestDatabase,
} from '../support/test-databases'

type Row = {
  id: number
  kind: string
  attempts: number
  done: boolean
  dead: boolean
  last_error: string | null
}

const rows = (handle: TestDatabaseHandle) =>
  queryRows<Row>(
    handle.db,
    sql`select id, kind, attempts, done_at is not null as done, dead_at is not null as dead,
          last_error
        from outbox order by id`,
  )

describe('backoffSeconds', () => {
  it('doubles from 30 s and stops at an hour', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([30, 60, 120, 240])
    expect(backoffSeconds(20)).toBe(3600)
  })
})

describe.each(testDatabases)('$name: the outbox', ({ open }) => {
  const handle = useTestDatabase(open)

  it('keeps a job only if the transaction that enqueued it commits', async () => {
    await handle.db.transaction(async (tx) => {
      await enqueue(tx, { kind: 'kept', payload: { n: 1 } })
    })
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueue(tx, { kind: 'lost', payload: { n: 2 } })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect((await rows(handle)).map((r) => r.kind)).toEqual(['kept'])
  })

  it('adds a job with a dedupe key once, however often it is enqueued', async () => {
    for (let i = 0; i < 3; i++) {
      await enqueue(handle.db, { kind: 'digest', payload: { i }, dedupeKey: 'digest:window-1' })
    }
    await enqueue(handle.db, { kind: 'digest', payload: {}, dedupeKey: 'digest:window-2' })
    await enqueue(handle.db, { kind: 'plain', payload: {} })
    await enqueue(handle.db, { kind: 'plain', payload: {} })
    expect((await rows(handle)).map((r) => r.kind)).toEqual(['digest', 'digest', 'plain', 'plain'])
  })

  it('runs each due job once, in order, with its payload, and marks it done', async () => {
    for (const n of [1, 2, 3]) await enqueue(handle.db, { kind: 'work', payload: { n } })
    const seen: unknown[] = []
    const result = await drainOutbox(handle.db, {
      work: async (payload) => {
        seen.push(payload.n)
      },
    })
    expect(result).toEqual({ done: 3, retried: 0, dead: 0 })
    expect(seen).toEqual([1, 2, 3])
    expect((await rows(handle)).every((r) => r.done && r.attempts === 1)).toBe(true)

    const again = await drainOutbox(handle.db, { work: async () => void seen.push('again') })
    expect(again.done).toBe(0)
    expect(seen).toEqual([1, 2, 3])
  })

  it('leaves jobs of kinds it has no handler for, and jobs not yet due', async () => {
    await enqueue(handle.db, { kind: 'other', payload: {} })
    await enqueue(handle.db, {
      kind: 'work',
      payload: {},
      runAfter: new Date(Date.now() + 3_600_000),
    })
    const result = await drainOutbox(handle.db, { work: async () => undefined })
    expect(result.done).toBe(0)
    expect((await rows(handle)).map((r) => [r.kind, r.attempts])).toEqual([
      ['other', 0],
      ['work', 0],
    ])
  })

  it('retries a failed job later with backoff, keeping the error, and gives up after the limit', async () => {
    await enqueue(handle.db, { kind: 'flaky', payload: {} })
    const failing = {
      flaky: async () => {
        throw new Error('SMTP is down')
      },
    }
    const [before] = await queryRows<{ at: string }>(handle.db, sql`select now()::text as at`)
    expect(await drainOutbox(handle.db, failing)).toEqual({ done: 0, retried: 1, dead: 0 })
    let [row] = await rows(handle)
    expect(row).toMatchObject({ attempts: 1, done: false, dead: false })
    expect(row!.last_error).toContain('SMTP is down')
    // 30 s after the failure, which came between `before` and now: exact bounds,
    // however long the drain took.
    const [due] = await queryRows<{ after_before: number; after_now: number }>(
      handle.db,
      sql`select extract(epoch from run_after - ${before!.at}::timestamptz)::float8 as after_before,
            extract(epoch from run_after - now())::float8 as after_now from outbox`,
    )
    expect(due!.after_before).toBeGreaterThanOrEqual(30)
    expect(due!.after_now).toBeLessThanOrEqual(30)

    // Not due yet: a second drain leaves it alone.
    expect((await drainOutbox(handle.db, failing)).retried).toBe(0)

    // Due again, and failing until the last attempt.
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      await handle.db.execute(sql`update outbox set run_after = now()`)
      await drainOutbox(handle.db, failing)
    }
    ;[row] = await rows(handle)
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, done: false, dead: true })
    await handle.db.execute(sql`update outbox set run_after = now()`)
    expect(await drainOutbox(handle.db, failing)).toEqual({ done: 0, retried: 0, dead: 0 })
  })

  it('delivers after an outage exactly once', async () => {
    await enqueue(handle.db, { kind: 'mail', payload: { to: 'author' } })
    let up = false
    const delivered: OutboxJob[] = []
    const handlers = {
      mail: async (_payload: Record<string, unknown>, job: OutboxJob) => {
        if (!up) throw new Error('connection refused')
        delivered.push(job)
      },
    }
    await drainOutbox(handle.db, handlers)
    up = true
    await handle.db.execute(sql`update outbox set run_after = now()`)
    await drainOutbox(handle.db, handlers)
    await drainOutbox(handle.db, handlers)
    expect(delivered.map((job) => job.attempts)).toEqual([2])
  })

  it('picks up a job whose worker died once its lease ends, not before', async () => {
    await enqueue(handle.db, { kind: 'work', payload: {} })
    // A worker claimed it and died: the lease is still running.
    await handle.db.execute(
      sql`update outbox set attempts = 1, locked_until = now() + interval '1 minute'`,
    )
    const runs: number[] = []
    const handlers = { work: async (_p: unknown, job: OutboxJob) => void runs.push(job.attempts) }
    await drainOutbox(handle.db, handlers)
    expect(runs).toEqual([])
    await handle.db.execute(sql`update outbox set locked_until = now() - interval '1 second'`)
    await drainOutbox(handle.db, handlers)
    expect(runs).toEqual([2])
  })

  it('never runs a job twice when drains race', async () => {
    for (let n = 0; n < 40; n++) await enqueue(handle.db, { kind: 'work', payload: { n } })
    const runs = new Map<number, number>()
    const handlers = {
      work: async (payload: Record<string, unknown>) => {
        const n = Number(payload.n)
        runs.set(n, (runs.get(n) ?? 0) + 1)
        await new Promise((resolve) => setTimeout(resolve, 2))
      },
    }
    const results = await Promise.all(
      // No time budget to run out on a busy machine: each drain goes on while jobs are due.
      [1, 2, 3, 4].map(() => drainOutbox(handle.db, handlers, { limit: 40, budgetMs: Infinity })),
    )
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(40)
    expect(runs.size).toBe(40)
    expect([...runs.values()].every((count) => count === 1)).toBe(true)
  })

  /**
   * A lease far longer than any test waits, renewed often: how busy the machine
   * is cannot make it lapse. A lease lapses only when a test says so, by moving
   * locked_until into the past (as if the lease time had gone by).
   */
  const LEASE = { leaseSeconds: 600, renewEveryMs: 25 }
  /** Every lease taken so far runs out, as if its time had gone by with no renewal. */
  const lapseLeases = () =>
    handle.db.execute(
      sql`update outbox set locked_until = now() - interval '1 second' where locked_until is not null`,
    )
  const leased = () =>
    queryRows<{ id: number }>(
      handle.db,
      sql`select id from outbox where locked_until > now() and done_at is null order by id`,
    )
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  /** Waits (polling, no fixed time) until some lease is current again: a heartbeat renewed it. */
  async function renewedLeases(giveUpMs = 30_000) {
    const until = Date.now() + giveUpMs
    for (;;) {
      const current = await leased()
      if (current.length > 0) return current
      if (Date.now() > until)
        throw new Error('no lease was renewed: the running job has no heartbeat')
      await sleep(10)
    }
  }
  /** A promise the test settles: a handler waits on it, so the test decides when the job ends. */
  function gate() {
    let open!: () => void
    const opened = new Promise<void>((resolve) => (open = resolve))
    return { opened, open }
  }

  it('leases one job at a time, and renews the lease of a job that outlives it', async () => {
    for (let n = 0; n < 3; n++) await enqueue(handle.db, { kind: 'slow', payload: { n } })
    const runs = new Map<number, number>()
    const started = gate()
    const finish = gate()
    const handlers = {
      slow: async (payload: Record<string, unknown>) => {
        const n = Number(payload.n)
        runs.set(n, (runs.get(n) ?? 0) + 1)
        if (n === 0) {
          // The first job is still running until the test lets it finish.
          started.open()
          await finish.opened
        }
      },
    }
    const first = drainOutbox(handle.db, handlers, LEASE)
    try {
      await started.opened
      // Only the running job is leased; the ones waiting behind it are free for others.
      const running = await leased()
      expect(running).toHaveLength(1)

      // The lease time goes by. The running job's heartbeat renews its own lease,
      // so it stays this worker's; nothing else is leased.
      await lapseLeases()
      expect(await renewedLeases()).toEqual(running)

      // The next drain, while the first job still runs, takes the other two only.
      expect(await drainOutbox(handle.db, handlers, LEASE)).toEqual({
        done: 2,
        retried: 0,
        dead: 0,
      })
    } finally {
      // Also when an expectation failed: the first drain ends within this test.
      finish.open()
      await first.catch(() => undefined)
    }
    expect(await first).toEqual({ done: 1, retried: 0, dead: 0 })
    expect([...runs.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ])
    expect((await rows(handle)).map((r) => r.attempts)).toEqual([1, 1, 1])
  })

  it('stops renewing after the job time limit; a late failure leaves the newer claim alone', async () => {
    await enqueue(handle.db, { kind: 'hung', payload: {} })
    let calls = 0
    const started = gate()
    const finish = gate()
    const handlers = {
      hung: async () => {
        calls++
        if (calls === 1) {
          started.open()
          await finish.opened // hung until the test lets it go
          throw new Error('gave up late')
        }
      },
    }
    // A time limit shorter than the first heartbeat tick: every tick of this job
    // comes after its time is up, so the heartbeat must stop at the first one and
    // never renew. (Nothing here depends on how soon that tick comes.)
    const hung = { ...LEASE, jobTimeoutMs: 1 }
    const stuck = drainOutbox(handle.db, handlers, hung)
    try {
      await started.opened
      await lapseLeases() // the claim's lease time goes by
      // Wait out a few heartbeat periods. Timers fire in the order they fall due,
      // however late the machine runs them, so a heartbeat still going would have
      // ticked, and sent renewals, before this wait ends. With the time limit kept,
      // nothing ever renews, so how long this takes cannot change the outcome.
      await sleep(4 * LEASE.renewEveryMs)
      expect(await leased()).toEqual([])

      // So another worker retries the job, and succeeds.
      expect(await drainOutbox(handle.db, handlers, LEASE)).toEqual({
        done: 1,
        retried: 0,
        dead: 0,
      })
    } finally {
      finish.open()
      await stuck.catch(() => undefined)
    }
    // The first run's late failure is not counted: the job was no longer its own.
    expect(await stuck).toEqual({ done: 0, retried: 0, dead: 0 })
    const [row] = await rows(handle)
    // The second run's success stands; the first worker's late failure did not reschedule it.
    expect(row).toMatchObject({ attempts: 2, done: true, last_error: null })
  })
})
