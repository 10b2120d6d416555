import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import {
  DEV_AUTHOR,
  authorConfig,
  authorFromSession,
  checkCredentials,
  isAuthorGithubId,
  moderationConfigured,
  safeCallbackPath,
} from '@/lib/auth/author'
import { WRONG_CREDENTIALS, signInErrorMessage } from '@/lib/auth/messages'
import type { Env } from '@/lib/env'

const baseEnv = (over: Partial<Env> = {}): Env =>
  ({
    NODE_ENV: 'production',
    SITE_URL: 'https://blog.example.com',
    POSTS_DIR: 'posts',
    PGLITE_DIR: '.data/pglite',
    RATE_LIMIT_MAX: 5,
    RATE_LIMIT_WINDOW_SECONDS: 600,
    ...over,
  }) as Env

describe('authorConfig', () => {
  it('configures nothing in production when nothing is set', () => {
    const config = authorConfig(baseEnv())
    expect(config.github).toBeUndefined()
    expect(config.credentials).toBeUndefined()
    expect(config.devDefault).toBe(false)
    expect(moderationConfigured(config)).toBe(false)
  })

  it('offers the development account only in development with nothing configured', () => {
    const dev = authorConfig(baseEnv({ NODE_ENV: 'development' }))
    expect(dev.devDefault).toBe(true)
    expect(dev.credentials).toEqual({ email: DEV_AUTHOR.email, devPassword: DEV_AUTHOR.password })
    const test = authorConfig(baseEnv({ NODE_ENV: 'test' }))
    expect(test.devDefault).toBe(false)
    const configured = authorConfig(
      baseEnv({ NODE_ENV: 'development', AUTHOR_EMAIL: 'a@b.co', AUTHOR_PASSWORD_HASH: 'x' }),
    )
    expect(configured.devDefault).toBe(false)
    expect(configured.credentials).toEqual({ email: 'a@b.co', passwordHash: 'x' })
  })

  it('needs both GitHub id and secret before offering GitHub', () => {
    expect(authorConfig(baseEnv({ AUTH_GITHUB_ID: 'id' })).github).toBeUndefined()
    const config = authorConfig(
      baseEnv({ AUTH_GITHUB_ID: 'id', AUTH_GITHUB_SECRET: 's', AUTHOR_GITHUB_USER_ID: '42' }),
    )
    expect(config.github).toEqual({ clientId: 'id', clientSecret: 's', authorUserId: '42' })
    expect(moderationConfigured(config)).toBe(true)
  })
})

describe('checkCredentials', () => {
  const hash = bcrypt.hashSync('a long and secret password', 4)
  const creds = { email: 'Author@Example.com', passwordHash: hash }

  it('accepts the author with the right password, whatever the e-mail case', async () => {
    expect(
      await checkCredentials(
        { email: 'author@example.com', password: 'a long and secret password' },
        creds,
      ),
    ).toBe('ok')
  })

  it('answers a wrong password and someone who is not the author alike', async () => {
    expect(await checkCredentials({ email: 'author@example.com', password: 'nope' }, creds)).toBe(
      'wrong',
    )
    expect(
      await checkCredentials(
        { email: 'someone@example.com', password: 'a long and secret password' },
        creds,
      ),
    ).toBe('wrong')
    expect(await checkCredentials({ email: 'a@b.co', password: 'x' }, undefined)).toBe('wrong')
  })

  // Issue 12: a wrong email answered in 13–18 ms, a wrong password in 89–117 ms.
  it('runs the bcrypt compare for a wrong email too (the same work)', async () => {
    const slow = { email: 'author@example.com', passwordHash: bcrypt.hashSync('x', 12) }
    const time = async (email: string) => {
      const start = performance.now()
      await checkCredentials({ email, password: 'guess' }, slow)
      return performance.now() - start
    }
    const wrongPassword = await time('author@example.com')
    const wrongEmail = await time('nobody@example.com')
    // Cost 12 takes well over 50 ms here; skipping the compare takes under 1 ms.
    expect(wrongPassword).toBeGreaterThan(50)
    expect(wrongEmail).toBeGreaterThan(wrongPassword / 2)
  })

  it('compares the development password exactly', async () => {
    const dev = { email: DEV_AUTHOR.email, devPassword: DEV_AUTHOR.password }
    expect(
      await checkCredentials({ email: DEV_AUTHOR.email, password: DEV_AUTHOR.password }, dev),
    ).toBe('ok')
    expect(
      await checkCredentials({ email: DEV_AUTHOR.email, password: `${DEV_AUTHOR.password} ` }, dev),
    ).toBe('wrong')
  })
})

describe('isAuthorGithubId', () => {
  const github = { clientId: 'i', clientSecret: 's', authorUserId: '583231' }
  it('matches the numeric id only', () => {
    expect(isAuthorGithubId(583231, github)).toBe(true)
    expect(isAuthorGithubId('583231', github)).toBe(true)
    expect(isAuthorGithubId(583232, github)).toBe(false)
    expect(isAuthorGithubId('octocat', github)).toBe(false)
  })
  it('lets nobody in when the author id is not configured', () => {
    expect(isAuthorGithubId(583231, { ...github, authorUserId: undefined })).toBe(false)
  })
})

describe('authorFromSession (the guard’s decision)', () => {
  it('accepts only a session marked as the author’s', () => {
    expect(authorFromSession({ user: { role: 'author', id: 'email:a@b.co', name: 'A' } })).toEqual({
      id: 'email:a@b.co',
      name: 'A',
    })
    expect(authorFromSession(null)).toBeNull()
    expect(authorFromSession({})).toBeNull()
    expect(authorFromSession({ user: { id: 'x', name: 'Mallory' } })).toBeNull()
    expect(authorFromSession({ user: { role: 'admin', id: 'x' } })).toBeNull()
    expect(authorFromSession({ user: { role: 'author' } })).toBeNull()
  })
})

describe('safeCallbackPath', () => {
  const origin = 'https://blog.example.com'
  it.each([
    ['/admin?status=spam', '/admin?status=spam'],
    ['https://blog.example.com/admin?post=a#x', '/admin?post=a#x'],
    ['https://evil.example.org/admin', '/admin'],
    ['//evil.example.org/admin', '/admin'],
    ['http://blog.example.com/admin', '/admin'],
    ['javascript:alert(1)', '/admin'],
    ['/signin?callbackUrl=/admin', '/admin'],
    ['', '/admin'],
    [undefined, '/admin'],
    [42, '/admin'],
  ])('%s → %s', (raw, expected) => {
    expect(safeCallbackPath(raw, origin)).toBe(expected)
  })
})

describe('signInErrorMessage', () => {
  it('gives a clear message for each failure', () => {
    expect(signInErrorMessage(undefined)).toBeUndefined()
    expect(signInErrorMessage('CredentialsSignin', 'wrong_credentials')).toBe(WRONG_CREDENTIALS)
    expect(signInErrorMessage('CredentialsSignin', 'not_author')).toBe(WRONG_CREDENTIALS)
    expect(signInErrorMessage('CredentialsSignin', 'too_many:1764355200')).toBe(
      'Too many failed sign-ins from your network. Try again at 28 Nov 2025, 18:40 UTC.',
    )
    expect(signInErrorMessage('CredentialsSignin', 'paused:1764355200')).toMatch(
      /^Password sign-in is paused .* Try again at 28 Nov 2025, 18:40 UTC, or sign in with GitHub\.$/,
    )
    expect(signInErrorMessage('AccessDenied')).toMatch(/GitHub account is not the author/)
    expect(signInErrorMessage('OAuthCallbackError')).toMatch(/cancelled or refused/)
    expect(signInErrorMessage('Configuration')).toMatch(/could not be completed/)
    expect(signInErrorMessage('MissingCSRF')).toMatch(/failed/)
  })
})
