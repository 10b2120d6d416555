import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  createAuthorSession,
  endAllAuthorSessions,
  endAuthorSession,
  isAuthorSessionLive,
} from '@/lib/auth/sessions'
import {
  recordSignInFailure,
  recordSignInSuccess,
  startSignInAttempt,
  type AccountLockoutEvent,
  type SignInLimits,
} from '@/lib/auth/sign-in-limit'
import { countRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { authorFingerprint } from '@/lib/auth/author'

/** Fingerprints of two configured authors (lib/auth/author.ts authorFingerprint). */
const ME = authorFingerprint({
  credentials: { email: 'a@example.com', passwordHash: '$2b$10$first' },
  name: 'A',
  devDefault: false,
})
const SOMEONE_ELSE = authorFingerprint({
  credentials: { email: 'b@example.com', passwordHash: '$2b$10$second' },
  name: 'A',
  devDefault: false,
})

const LIMITS: SignInLimits = {
  client: { max: 10, windowSeconds: 900 },
  account: { max: 50, windowSeconds: 3600 },
}

describe.each(testDatabases)('$name: sign-in limit', ({ open }) => {
  const handle = useTestDatabase(open)

  async function fail(client: string, limits = LIMITS) {
    const attempt = await startSignInAttempt(handle.db, client, limits)
    if (attempt.ok) await recordSignInFailure(handle.db, attempt.attemptId, limits)
    return attempt
  }

  it('refuses the 11th try from one client within 15 minutes, with the time to try again', async () => {
    for (let i = 0; i < 10; i++) expect((await fail('client-a')).ok).toBe(true)
    const refused = await startSignInAttempt(handle.db, 'client-a', LIMITS)
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.block.scope).toBe('client')
    const minutes = (refused.block.until.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(14)
    expect(minutes).toBeLessThanOrEqual(15)
    // Another client is not affected.
    expect((await startSignInAttempt(handle.db, 'client-b', LIMITS)).ok).toBe(true)
  })

  it('forgets failures older than the window', async () => {
    await handle.db.execute(
      sql`insert into sign_in_failures (key_hash, created_at)
          select 'client-a', now() - interval '16 minutes' from generate_series(1, 10)`,
    )
    expect((await startSignInAttempt(handle.db, 'client-a', LIMITS)).ok).toBe(true)
  })

  it('a right password does not count', async () => {
    for (let i = 0; i < 9; i++) await fail('client-a')
    const right = await startSignInAttempt(handle.db, 'client-a', LIMITS)
    if (!right.ok) throw new Error('refused too early')
    await recordSignInSuccess(handle.db, right.attemptId)
    expect((await fail('client-a')).ok).toBe(true)
    expect((await startSignInAttempt(handle.db, 'client-a', LIMITS)).ok).toBe(false)
  })

  // Issue 12: 20 parallel tries on a throttled address all went through within 10 s.
  it('lets exactly one of 20 parallel tries through with one failure left', async () => {
    for (let i = 0; i < 9; i++) await fail('client-a')
    const starts = await Promise.all(
      Array.from({ length: 20 }, () => startSignInAttempt(handle.db, 'client-a', LIMITS)),
    )
    expect(starts.filter((s) => s.ok)).toHaveLength(1)
    expect(await countRows(handle.db, 'sign_in_failures')).toBe(10)
  })

  it('pauses password sign-in for the account after 50 failures from many clients, and says so once', async () => {
    const events: AccountLockoutEvent[] = []
    for (let i = 0; i < 50; i++) {
      const attempt = await startSignInAttempt(handle.db, `client-${i % 25}`, LIMITS)
      if (!attempt.ok) throw new Error(`refused at ${i}`)
      const event = await recordSignInFailure(handle.db, attempt.attemptId, LIMITS, {
        onAccountLockout: async (tx, e) => {
          // The hook runs inside the transaction: it can write there.
          await tx.execute(sql`select 1`)
          events.push(e)
        },
      })
      expect(event !== null).toBe(i === 49)
    }
    expect(events).toHaveLength(1)
    expect(events[0]?.kind).toBe('sign-in-account-lockout')
    expect(events[0]?.failures).toBe(50)
    const fresh = await startSignInAttempt(handle.db, 'a-new-client', LIMITS)
    expect(fresh.ok).toBe(false)
    if (!fresh.ok) expect(fresh.block.scope).toBe('account')
  })

  it('takes its limits from the caller (the environment)', async () => {
    const tight = { client: { max: 2, windowSeconds: 60 }, account: { max: 3, windowSeconds: 60 } }
    await fail('a', tight)
    await fail('a', tight)
    expect((await startSignInAttempt(handle.db, 'a', tight)).ok).toBe(false)
    await fail('b', tight)
    const account = await startSignInAttempt(handle.db, 'c', tight)
    expect(account.ok === false && account.block.scope).toBe('account')
  })
})

describe.each(testDatabases)('$name: author sessions', ({ open }) => {
  const handle = useTestDatabase(open)

  it('a session is live until it is ended', async () => {
    const id = await createAuthorSession(handle.db, 'email:a@example.com', 3600, ME)
    expect(id).toMatch(/^[\w-]{32}$/)
    expect(await isAuthorSessionLive(handle.db, id, ME)).toBe(true)
    await endAuthorSession(handle.db, id)
    expect(await isAuthorSessionLive(handle.db, id, ME)).toBe(false)
  })

  it('an unknown or expired session is not live', async () => {
    expect(await isAuthorSessionLive(handle.db, 'forged', ME)).toBe(false)
    const id = await createAuthorSession(handle.db, 'a', 3600, ME)
    await handle.db.execute(
      sql`update author_sessions set expires_at = now() - interval '1 second' where id = ${id}`,
    )
    expect(await isAuthorSessionLive(handle.db, id, ME)).toBe(false)
  })

  it('ending every session signs out every browser', async () => {
    const a = await createAuthorSession(handle.db, 'a', 3600, ME)
    const b = await createAuthorSession(handle.db, 'a', 3600, ME)
    expect(await endAllAuthorSessions(handle.db)).toBe(2)
    expect(await isAuthorSessionLive(handle.db, a, ME)).toBe(false)
    expect(await isAuthorSessionLive(handle.db, b, ME)).toBe(false)
    const c = await createAuthorSession(handle.db, 'a', 3600, ME)
    expect(await isAuthorSessionLive(handle.db, c, ME)).toBe(true)
  })
  it('a session made for another author is ended, and its row deleted', async () => {
    const id = await createAuthorSession(handle.db, 'email:a@example.com', 3600, ME)
    expect(await isAuthorSessionLive(handle.db, id, SOMEONE_ELSE)).toBe(false)
    expect(await countRows(handle.db, 'author_sessions')).toBe(0)
    // Ended for good: configuring the first author again does not bring it back.
    expect(await isAuthorSessionLive(handle.db, id, ME)).toBe(false)
  })

  it('a session without a recorded identity (made before it existed) is ended', async () => {
    const id = await createAuthorSession(handle.db, 'email:a@example.com', 3600, ME)
    await handle.db.execute(sql`update author_sessions set identity = null where id = ${id}`)
    expect(await isAuthorSessionLive(handle.db, id, ME)).toBe(false)
    expect(await countRows(handle.db, 'author_sessions')).toBe(0)
  })

  it('other sessions of the same author stay live when one is ended for another author', async () => {
    const mine = await createAuthorSession(handle.db, 'email:a@example.com', 3600, ME)
    const theirs = await createAuthorSession(handle.db, 'email:b@example.com', 3600, SOMEONE_ELSE)
    expect(await isAuthorSessionLive(handle.db, theirs, ME)).toBe(false)
    expect(await isAuthorSessionLive(handle.db, mine, ME)).toBe(true)
    expect(await countRows(handle.db, 'author_sessions')).toBe(1)
  })
})
