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
  wait_seconds: number
}

const rows = (handle: TestDatabaseHandle) =>
  queryRows<Row>(
    handle.db,
    sql`select id, kind, attempts, done_at is not null as done, dead_at is not null as dead,
          last_error, extract(epoch from run_after - now())::int as wait_seconds
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
    expect(await drainOutbox(handle.db, failing)).toEqual({ done: 0, retried: 1, dead: 0 })
    let [row] = await rows(handle)
    expect(row).toMatchObject({ attempts: 1, done: false, dead: false })
    expect(row!.last_error).toContain('SMTP is down')
    expect(row!.wait_seconds).toBeGreaterThanOrEqual(28)
    expect(row!.wait_seconds).toBeLessThanOrEqual(30)

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
      [1, 2, 3, 4].map(() => drainOutbox(handle.db, handlers, { limit: 40 })),
    )
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(40)
    expect(runs.size).toBe(40)
    expect([...runs.values()].every((count) => count === 1)).toBe(true)
  })

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const leased = () =>
    queryRows<{ id: number }>(
      handle.db,
      sql`select id from outbox where locked_until > now() and done_at is null order by id`,
    )

  it('leases one job at a time, and renews the lease of a job that outlives it', async () => {
    for (let n = 0; n < 3; n++) await enqueue(handle.db, { kind: 'slow', payload: { n } })
    const runs = new Map<number, number>()
    const handlers = {
      slow: async (payload: Record<string, unknown>) => {
        const n = Number(payload.n)
        runs.set(n, (runs.get(n) ?? 0) + 1)
        await sleep(1_300) // longer than the 1 s lease
      },
    }
    const first = drainOutbox(handle.db, handlers, { leaseSeconds: 1 })
    await sleep(300)
    // Only the running job is leased; the ones waiting behind it are free for others.
    const [running] = await leased()
    expect(await leased()).toHaveLength(1)
    await sleep(900) // past the first lease: renewed, so still this worker's
    expect((await leased()).map((r) => r.id)).toEqual([running!.id])
    const second = drainOutbox(handle.db, handlers, { leaseSeconds: 1 })
    const results = await Promise.all([first, second])
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(3)
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
    const handlers = {
      hung: async () => {
        calls++
        if (calls === 1) {
          await sleep(1_500) // well past the time limit and its lease
          throw new Error('gave up late')
        }
      },
    }
    const stuck = drainOutbox(handle.db, handlers, { leaseSeconds: 0.5, jobTimeoutMs: 200 })
    await sleep(900) // the lease lapsed: not renewed after 200 ms
    expect(await drainOutbox(handle.db, handlers, { leaseSeconds: 0.5 })).toEqual({
      done: 1,
      retried: 0,
      dead: 0,
    })
    // Its late failure is not counted: the job was no longer its own.
    expect(await stuck).toEqual({ done: 0, retried: 0, dead: 0 })
    const [row] = await rows(handle)
    // The second run's success stands; the first worker's late failure did not reschedule it.
    expect(row).toMatchObject({ attempts: 2, done: true, last_error: null })
  })
})
