import bcrypt from 'bcryptjs'
import { describe, expect, it, vi } from 'vitest'
import {
  DEV_AUTHOR,
  authorConfig,
  authorFingerprint,
  authorFromSession,
  checkCredentials,
  isAuthorGithubId,
  moderationConfigured,
  safeCallbackPath,
} from '@/lib/auth/author'
import { WRONG_CREDENTIALS, signInErrorMessage } from '@/lib/auth/messages'
import { actorLabel } from '@/lib/moderation/audit'
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
  // The same work is the same bcrypt compare, against the same hash: counted,
  // not timed, so a busy machine cannot fail (or pass) it.
  it('runs the bcrypt compare for a wrong email too (the same work)', async () => {
    const slow = { email: 'author@example.com', passwordHash: bcrypt.hashSync('x', 4) }
    const compare = vi.spyOn(bcrypt, 'compare')
    try {
      await checkCredentials({ email: 'author@example.com', password: 'guess' }, slow)
      await checkCredentials({ email: 'nobody@example.com', password: 'guess' }, slow)
      expect(compare.mock.calls).toEqual([
        ['guess', slow.passwordHash],
        ['guess', slow.passwordHash],
      ])
    } finally {
      compare.mockRestore()
    }
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
    // Only the configured name comes out: no internal id to record moderation under.
    expect(authorFromSession({ user: { role: 'author', id: 'email:a@b.co', name: 'A' } })).toEqual({
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

describe('authorFingerprint (which configuration changes end sessions)', () => {
  const HASH = '$2b$10$kUpu0dR0cQ1bV2NwB3x20OmVtnGUXFItpAZVFz5WazcpIfcRuYTFq'
  const OTHER_HASH = '$2b$10$abcdefghijklmnopqrstuu9Yz6kWJ2i8yxT1VHTWeS6ZtLS5V2zWe'
  const configured = (over: Partial<Env> = {}) =>
    authorFingerprint(
      authorConfig(
        baseEnv({
          AUTHOR_EMAIL: 'author@example.com',
          AUTHOR_PASSWORD_HASH: HASH,
          AUTHOR_NAME: 'Ada',
          AUTH_GITHUB_ID: 'app-id',
          AUTH_GITHUB_SECRET: 'app-secret',
          AUTHOR_GITHUB_USER_ID: '42',
          ...over,
        }),
      ),
    )

  it('is stable for the same author, and does not contain the configured values', () => {
    expect(configured()).toBe(configured())
    expect(configured()).toMatch(/^[\w-]{43}$/)
    expect(configured()).not.toContain('author')
  })

  it('ignores the display name, the email’s case and the OAuth app’s credentials', () => {
    expect(configured({ AUTHOR_NAME: 'Ada Lovelace' })).toBe(configured())
    expect(configured({ AUTHOR_EMAIL: 'Author@Example.com' })).toBe(configured())
    expect(configured({ AUTH_GITHUB_ID: 'new-app', AUTH_GITHUB_SECRET: 'rotated' })).toBe(
      configured(),
    )
  })

  it.each([
    ['another AUTHOR_EMAIL', { AUTHOR_EMAIL: 'someone@example.com' }],
    ['another AUTHOR_PASSWORD_HASH', { AUTHOR_PASSWORD_HASH: OTHER_HASH }],
    ['another AUTHOR_GITHUB_USER_ID', { AUTHOR_GITHUB_USER_ID: '43' }],
    ['GitHub sign-in turned off', { AUTH_GITHUB_ID: undefined }],
    ['password sign-in turned off', { AUTHOR_PASSWORD_HASH: undefined }],
  ] as [string, Partial<Env>][])('changes with %s', (_, over) => {
    expect(configured(over)).not.toBe(configured())
  })

  it('the development account is an author of its own', () => {
    const dev = authorFingerprint(authorConfig(baseEnv({ NODE_ENV: 'development' })))
    expect(dev).not.toBe(configured())
    expect(dev).toBe(authorFingerprint(authorConfig(baseEnv({ NODE_ENV: 'development' }))))
  })
})

describe('actorLabel (who a stored moderatedBy or History actor is shown as)', () => {
  it.each([
    ['email:author@localhost', 'Ada'],
    ['github:12345', 'Ada'],
    ['Ada', 'Ada'],
    ['domain-rule', 'domain-rule'],
  ])('%s is shown as %s', (actor, shown) => {
    expect(actorLabel(actor, 'Ada')).toBe(shown)
  })

  it('no actor stays none', () => {
    expect(actorLabel(null, 'Ada')).toBeNull()
  })
})
