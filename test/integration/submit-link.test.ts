import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '@/lib/db'
import { submissions } from '@/lib/db/schema'
import { MESSAGES, emptyValues } from '@/lib/submissions/form-state'
import { storeSubmission } from '@/lib/intake/store'
import { submitLink } from '@/lib/intake/form'
import { STATUS_PATH } from '@/lib/receipts/token'
import {
  countRows,
  queryRows,
  testDatabases,
  type TestDatabaseHandle,
  useTestDatabase,
} from '../support/test-databases'
import { POST, allSubmissions, context, errorChain, form } from './support'

const typed = (input: Record<string, unknown>) => ({
  url: input.url,
  title: input.title,
  name: input.name,
  note: input.note,
})

type PoolStats = { totalCount: number; idleCount: number }

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe.each(testDatabases)('$name: submitLink end to end', ({ name, open }) => {
  const handle = useTestDatabase(open)

  it('stores a valid submission as one pending row and clears the form', async () => {
    const input = form({
      url: '  https://example.com/Story  ',
      title: '  How I broke prod  ',
      note: 'Line one\r\nLine two',
    })
    const state = await submitLink(input, context(handle.db, { ipHash: 'reader-1' }))
    expect(state).toEqual({
      status: 'success',
      message: MESSAGES.received,
      fieldErrors: {},
      values: emptyValues,
      // The reader's private status page (test/integration/reader-status.test.ts).
      statusUrl: expect.stringMatching(STATUS_PATH),
    })

    const rows = await allSubmissions(handle.db)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      post_slug: POST,
      url: 'https://example.com/Story',
      normalized_url: 'https://example.com/Story',
      title: 'How I broke prod',
      submitter_name: 'Ada',
      note: 'Line one\nLine two',
      status: 'pending',
      ip_hash: 'reader-1',
      moderated_at: null,
      moderated_by: null,
    })
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(1)
  })

  it('treats another spelling of the same link as a duplicate', async () => {
    const ctx = context(handle.db)
    const first = await submitLink(form({ url: 'https://example.com/Story' }), ctx)
    const second = await submitLink(
      form({ url: 'HTTPS://EXAMPLE.com/Story/?utm_source=x#frag', title: 'Other' }),
      ctx,
    )
    expect(first.message).toBe(MESSAGES.received)
    expect(second).toEqual({
      status: 'success',
      message: MESSAGES.duplicateWaiting,
      fieldErrors: {},
      values: emptyValues,
    })
    const rows = await allSubmissions(handle.db)
    expect(rows).toHaveLength(1)
    expect(rows[0]?.title).toBe('My story')
  })

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const state = await submitLink(form({ homepage: 'https://spam.example/' }), context(handle.db))
    expect(state).toEqual({
      status: 'success',
      message: MESSAGES.received,
      fieldErrors: {},
      values: emptyValues,
    })
    expect(await countRows(handle.db, 'submissions')).toBe(0)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(0)
  })

  it('refuses a submission for a post that takes no links', async () => {
    const state = await submitLink(form({ postSlug: 'no-such-post' }), context(handle.db))
    expect(state).toMatchObject({ status: 'error', message: MESSAGES.closed })
    expect(await countRows(handle.db, 'submissions')).toBe(0)
  })

  it('shows the rate-limit message once the limit is reached, keeping what was typed', async () => {
    const ctx = context(handle.db, {
      ipHash: 'busy-reader',
      rateLimit: { max: 3, windowSeconds: 600 },
    })
    for (let i = 0; i < 3; i++) {
      const state = await submitLink(form({ url: `https://example.com/${i}` }), ctx)
      expect(state.message).toBe(MESSAGES.received)
    }
    const input = form({ url: 'https://example.com/one-more' })
    const state = await submitLink(input, ctx)
    expect(state).toEqual({
      status: 'error',
      message: MESSAGES.rateLimited(600),
      fieldErrors: {},
      values: typed(input),
    })
    expect(state.message).toContain('about 10 minutes')
    expect(await countRows(handle.db, 'submissions')).toBe(3)

    // Someone else is not affected.
    const other = await submitLink(input, { ...ctx, ipHash: 'calm-reader' })
    expect(other.message).toBe(MESSAGES.received)
  })

  it('a failed transaction (check constraint at the second insert) leaves no partial row', async () => {
    // Validation would refuse this title; storeSubmission is called directly to get past it.
    const error = await storeSubmission(
      handle.db,
      {
        url: 'https://example.com/x',
        normalizedUrl: 'https://example.com/x',
        title: 'x'.repeat(201),
        name: null,
        note: null,
        postSlug: POST,
        ipHash: 'reader',
      },
      { max: 1, windowSeconds: 600 },
    ).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(errorChain(error)).toContain('submissions_title_length')
    expect(await countRows(handle.db, 'submissions')).toBe(0)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(0)

    // The rolled-back attempt used none of the reader's allowance (max 1).
    const state = await submitLink(
      form({ url: 'https://example.com/x' }),
      context(handle.db, { ipHash: 'reader', rateLimit: { max: 1, windowSeconds: 600 } }),
    )
    expect(state.message).toBe(MESSAGES.received)
  })

  describe('when the database fails', () => {
    let broken: TestDatabaseHandle
    let reopened: DatabaseHandle | undefined
    beforeEach(async () => {
      broken = await open()
      reopened = undefined
    })
    afterEach(async () => {
      await reopened?.close()
      await broken.close()
    })

    it('answers "unavailable", keeps what was typed, and leaves nothing behind', async () => {
      const errors: unknown[] = []
      const ctx = context(broken.db, { onError: (e) => errors.push(e) })
      expect((await submitLink(form({ url: 'https://example.com/before' }), ctx)).message).toBe(
        MESSAGES.received,
      )

      await broken.breakConnection()
      const input = form({ url: 'https://example.com/after', note: 'Typed with care' })
      const state = await submitLink(input, ctx)
      expect(state).toEqual({
        status: 'error',
        message: MESSAGES.unavailable,
        fieldErrors: {},
        values: typed(input),
      })
      expect(errors).toHaveLength(1)

      if (!broken.reopen) return // in-memory PGlite: the data went with the connection
      reopened = await broken.reopen()
      expect((await allSubmissions(reopened.db)).map((r) => r.url)).toEqual([
        'https://example.com/before',
      ])
      expect(await countRows(reopened.db, 'rate_limit_hits')).toBe(1)
    })

    // PostgreSQL only (an in-memory PGlite has no pool and no server to lose).
    if (name === 'postgres')
      it('the pool recovers from repeated outages without losing a connection', async () => {
        const pool = (broken.db as unknown as { $client: PoolStats }).$client
        const ctx = context(broken.db, { onError: () => undefined })
        for (let round = 0; round < 6; round++) {
          // An idle pooled connection exists, then the server drops every connection.
          const ok = await submitLink(form({ url: `https://example.com/ok-${round}` }), ctx)
          expect(ok.message).toBe(MESSAGES.received)
          await broken.breakConnection()
          const failed = await submitLink(form({ url: `https://example.com/down-${round}` }), ctx)
          expect(failed.message).toBe(MESSAGES.unavailable)
          await broken.restoreConnection!()
        }
        // No connection may stay checked out after its transaction failed...
        await waitFor(async () => pool.totalCount === pool.idleCount, 'every client to be returned')
        // ...so the pool still serves more concurrent transactions than it has slots.
        const states = await withTimeout(
          Promise.all(
            Array.from({ length: 25 }, (_, i) =>
              submitLink(form({ url: `https://example.com/after-${i}` }), ctx),
            ),
          ),
          30_000,
          'the pool to serve 25 submissions after the outages',
        )
        expect(states.every((s) => s.message === MESSAGES.received)).toBe(true)
        expect(await countRows(broken.db, 'submissions')).toBe(6 + 25)
      })

    // PostgreSQL only (an in-memory PGlite has no pool and no server to lose).
    if (name === 'postgres')
      it('a connection lost between the two inserts rolls back the rate-limit hit too', async () => {
        // Hold an uncommitted row with the same key, so the submission's insert has
        // to wait for it: by then its transaction has already inserted the rate-limit hit.
        let inserted!: () => void
        let finish!: () => void
        const rowIsHeld = new Promise<void>((resolve) => (inserted = resolve))
        const gate = new Promise<void>((resolve) => (finish = resolve))
        const blocker = broken.db
          .transaction(async (tx) => {
            await tx.insert(submissions).values({
              postSlug: POST,
              url: 'https://example.com/contended',
              normalizedUrl: 'https://example.com/contended',
              ipHash: 'blocker',
            })
            inserted()
            await gate
          })
          .then(
            () => 'committed',
            () => 'failed',
          )
        await rowIsHeld

        const errors: unknown[] = []
        const input = form({ url: 'https://example.com/contended' })
        const pending = submitLink(
          input,
          context(broken.db, { ipHash: 'reader', onError: (e) => errors.push(e) }),
        )

        // Wait until the submission is blocked in the second insert, holding its first.
        await waitFor(async () => {
          const [row] = await queryRows<{ n: number }>(
            broken.db,
            sql`select count(*)::int as n
                from pg_stat_activity a
                join pg_locks l on l.pid = a.pid
                join pg_class c on c.oid = l.relation
                where a.datname = current_database()
                  and a.wait_event_type = 'Lock'
                  and a.query ilike 'insert into "submissions"%'
                  and c.relname = 'rate_limit_hits'
                  and l.mode = 'RowExclusiveLock'`,
          )
          return row?.n === 1
        }, 'the submission to block in its second insert')

        await broken.breakConnection()
        finish()

        expect(await pending).toEqual({
          status: 'error',
          message: MESSAGES.unavailable,
          fieldErrors: {},
          values: typed(input),
        })
        expect(errors).toHaveLength(1)
        expect(await blocker).toBe('failed')

        reopened = await broken.reopen!()
        expect(await countRows(reopened.db, 'submissions')).toBe(0)
        expect(await countRows(reopened.db, 'rate_limit_hits')).toBe(0)
      })
  })
})
