import { encode } from 'next-auth/jwt'
import { describe, expect, it } from 'vitest'
import { authorConfig, authorFingerprint } from '@/lib/auth/author'
import { checkSessionCookie, sessionCookieName } from '@/lib/auth/session-cookie'
import { createAuthorSession, endAllAuthorSessions } from '@/lib/auth/sessions'
import type { Env } from '@/lib/env'
import { countRows, testDatabases, useTestDatabase } from '../support/test-databases'

/**
 * proxy.ts's reading of the session cookie, against tokens sealed by Auth.js's
 * own encoder (as auth.ts's sign-in writes them) and real session rows.
 */
const SECRET = 'a-test-secret-of-some-length-0123456789'
const COOKIE = sessionCookieName('http:')
const AUTHOR = { AUTHOR_EMAIL: 'a@example.com', AUTHOR_PASSWORD_HASH: '$2b$10$first' }
const OTHER_AUTHOR = { AUTHOR_EMAIL: 'b@example.com', AUTHOR_PASSWORD_HASH: '$2b$10$second' }

const envOf = (values: Partial<Env>): Env =>
  ({ NODE_ENV: 'production', AUTH_SECRET: SECRET, ...AUTHOR, ...values }) as Env

/** What auth.ts's jwt callback puts in the token at sign-in. */
const token = (sid: string, options: { salt?: string; secret?: string; maxAge?: number } = {}) =>
  encode({
    token: { role: 'author', authorId: 'email:a@example.com', name: 'A', sid },
    secret: options.secret ?? SECRET,
    salt: options.salt ?? COOKIE,
    maxAge: options.maxAge ?? 3600,
  })

describe('sessionCookieName', () => {
  it('is Auth.js’s: __Secure- prefixed on https only', () => {
    expect(sessionCookieName('https:')).toBe('__Secure-authjs.session-token')
    expect(sessionCookieName('http:')).toBe('authjs.session-token')
  })
})

describe.each(testDatabases)('$name: checkSessionCookie', ({ open }) => {
  const handle = useTestDatabase(open)

  const identity = (values: Partial<Env> = {}) => authorFingerprint(authorConfig(envOf(values)))
  const signIn = (values: Partial<Env> = {}) =>
    createAuthorSession(handle.db, 'email:a@example.com', 3600, identity(values))
  const check = (raw: string | undefined, values: Partial<Env> = {}) =>
    checkSessionCookie({
      token: raw,
      cookieName: COOKIE,
      env: envOf(values),
      database: async () => handle.db,
    })

  it('a live session of the configured author is the author', async () => {
    expect(await check(await token(await signIn()))).toBe('author')
  })

  it('no cookie, a forged one, one sealed for the other cookie name or with another secret: nobody', async () => {
    const sid = await signIn()
    expect(await check(undefined)).toBe('nobody')
    expect(await check('forged-not-a-jwt')).toBe('nobody')
    expect(await check(await token(sid, { salt: sessionCookieName('https:') }))).toBe('nobody')
    expect(await check(await token(sid, { secret: 'another-secret-0123456789' }))).toBe('nobody')
  })

  it('an expired token is nobody, though its row is still there', async () => {
    expect(await check(await token(await signIn(), { maxAge: -60 }))).toBe('nobody')
  })

  it('a token without the author role or a session id is nobody', async () => {
    const sid = await signIn()
    const sealed = (claims: Record<string, unknown>) =>
      encode({ token: claims, secret: SECRET, salt: COOKIE, maxAge: 3600 })
    expect(await check(await sealed({ authorId: 'email:a@example.com', sid }))).toBe('nobody')
    expect(await check(await sealed({ role: 'author', authorId: 'email:a@example.com' }))).toBe(
      'nobody',
    )
  })

  it('signed out everywhere (rows deleted): the still valid cookie is nobody', async () => {
    const sealed = await token(await signIn())
    await endAllAuthorSessions(handle.db)
    expect(await check(sealed)).toBe('nobody')
  })

  it('a session made for another author is nobody, and its row is deleted', async () => {
    const sealed = await token(await signIn())
    expect(await check(sealed, OTHER_AUTHOR)).toBe('nobody')
    expect(await countRows(handle.db, 'author_sessions')).toBe(0)
  })

  it('without a secret in production, or without a database handle, it cannot tell', async () => {
    const sealed = await token(await signIn())
    expect(await check(sealed, { AUTH_SECRET: undefined })).toBe('unknown')
    const noDatabase = {
      token: sealed,
      cookieName: COOKIE,
      env: envOf({}),
      database: () => undefined,
    }
    expect(await checkSessionCookie(noDatabase)).toBe('unknown')
    // A forged cookie needs no database to be refused.
    expect(await checkSessionCookie({ ...noDatabase, token: 'forged' })).toBe('nobody')
  })

  it('a database that cannot be reached is an error, not a verdict', async () => {
    const broken = await open()
    try {
      const sid = await createAuthorSession(broken.db, 'email:a@example.com', 3600, identity())
      await broken.breakConnection()
      await expect(
        checkSessionCookie({
          token: await token(sid),
          cookieName: COOKIE,
          env: envOf({}),
          database: async () => broken.db,
        }),
      ).rejects.toThrow()
    } finally {
      await broken.close()
    }
  })
})
