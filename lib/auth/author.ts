import { createHash, timingSafeEqual } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { Env } from '../env'

/**
 * Who may sign in, decided from the environment alone. Only the author can:
 * by their numeric GitHub user id, or by their e-mail and password.
 */
export type AuthorConfig = {
  github?: { clientId: string; clientSecret: string; authorUserId?: string }
  credentials?: { email: string; passwordHash?: string; devPassword?: string }
  name: string
  /** True when nothing is configured and the development account is in use. */
  devDefault: boolean
}

/** Works only in development, and only when no provider is configured. */
export const DEV_AUTHOR = { email: 'author@localhost', password: 'red-green-repeat' } as const

export function authorConfig(env: Env): AuthorConfig {
  const name = env.AUTHOR_NAME ?? 'The author'
  const github =
    env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET
      ? {
          clientId: env.AUTH_GITHUB_ID,
          clientSecret: env.AUTH_GITHUB_SECRET,
          authorUserId: env.AUTHOR_GITHUB_USER_ID,
        }
      : undefined
  const credentials =
    env.AUTHOR_EMAIL && env.AUTHOR_PASSWORD_HASH
      ? { email: env.AUTHOR_EMAIL, passwordHash: env.AUTHOR_PASSWORD_HASH }
      : undefined
  if (!github && !credentials && env.NODE_ENV === 'development') {
    return {
      credentials: { email: DEV_AUTHOR.email, devPassword: DEV_AUTHOR.password },
      name,
      devDefault: true,
    }
  }
  return { github, credentials, name, devDefault: false }
}

export const moderationConfigured = (config: AuthorConfig): boolean =>
  Boolean(config.github || config.credentials)

export type CredentialsCheck = 'ok' | 'wrong'

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Compared against when there is no stored hash (the development account), so the work is the same. */
const DEV_HASH = '$2b$10$kUpu0dR0cQ1bV2NwB3x20OmVtnGUXFItpAZVFz5WazcpIfcRuYTFq'

/**
 * One answer and the same work for a wrong email and a wrong password: the
 * bcrypt compare always runs, against the author's own hash, so neither the
 * answer nor its timing says whether the email was the author's.
 */
export async function checkCredentials(
  input: { email: string; password: string },
  config: AuthorConfig['credentials'],
): Promise<CredentialsCheck> {
  if (!config) return 'wrong'
  const emailMatches = sameText(input.email.trim().toLowerCase(), config.email.trim().toLowerCase())
  const passwordMatches = await bcrypt.compare(input.password, config.passwordHash ?? DEV_HASH)
  const devPasswordMatches =
    !config.passwordHash &&
    config.devPassword !== undefined &&
    sameText(input.password, config.devPassword)
  return emailMatches && (config.passwordHash ? passwordMatches : devPasswordMatches)
    ? 'ok'
    : 'wrong'
}

/** GitHub logins can be renamed and reused; the numeric id cannot. */
export function isAuthorGithubId(profileId: unknown, config: AuthorConfig['github']): boolean {
  return Boolean(config?.authorUserId) && String(profileId) === config?.authorUserId
}

/**
 * Who is signed in, as the site shows it: the configured AUTHOR_NAME, never an
 * internal id (`email:…`, `github:…`). Moderation is recorded under this name.
 */
export type AuthorIdentity = { name: string }

/** The one reading of a session: it is the author's, or it is nobody's. */
export function authorFromSession(session: unknown): AuthorIdentity | null {
  const user = (session as { user?: { role?: unknown; id?: unknown; name?: unknown } } | null)?.user
  if (!user || user.role !== 'author' || typeof user.id !== 'string') return null
  return { name: typeof user.name === 'string' && user.name !== '' ? user.name : 'The author' }
}

/**
 * A stable fingerprint of who may sign in as the author, stored with every
 * session (author_sessions.identity). A session made for another fingerprint
 * is ended, so changing any of these ends every session:
 * - AUTHOR_EMAIL (compared lower-cased) or AUTHOR_PASSWORD_HASH;
 * - AUTHOR_GITHUB_USER_ID, and turning GitHub or password sign-in on or off;
 * - leaving or entering the development account.
 * Not part of it, so changing them keeps sessions: AUTHOR_NAME (a display
 * name), and the GitHub OAuth app's id and secret (they say which app, not who).
 * A SHA-256 of values that are public or already hashed (bcrypt, salted): it
 * reveals nothing a database reader could use to sign in.
 */
export function authorFingerprint(config: AuthorConfig): string {
  const who = {
    v: 1,
    github: config.github ? { userId: config.github.authorUserId ?? null } : null,
    password: config.credentials
      ? {
          email: config.credentials.email.trim().toLowerCase(),
          hash: config.credentials.passwordHash ?? null,
        }
      : null,
    dev: config.devDefault,
  }
  return createHash('sha256').update(JSON.stringify(who)).digest('base64url')
}

/**
 * Where to go after signing in: only a path on this site. Auth.js hands over an
 * absolute callback URL, so accept one only when it is same-origin.
 */
export function safeCallbackPath(raw: unknown, origin: string, fallback = '/admin'): string {
  if (typeof raw !== 'string' || raw === '') return fallback
  let url: URL
  try {
    url = new URL(raw, origin)
  } catch {
    return fallback
  }
  if (url.origin !== new URL(origin).origin) return fallback
  if (url.pathname.startsWith('//') || url.pathname.startsWith('/signin')) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
