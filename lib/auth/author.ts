import { timingSafeEqual } from 'node:crypto'
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

export type CredentialsCheck = 'ok' | 'not-author' | 'wrong-password'

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export async function checkCredentials(
  input: { email: string; password: string },
  config: AuthorConfig['credentials'],
): Promise<CredentialsCheck> {
  if (!config) return 'not-author'
  if (input.email.trim().toLowerCase() !== config.email.trim().toLowerCase()) return 'not-author'
  if (config.passwordHash) {
    return (await bcrypt.compare(input.password, config.passwordHash)) ? 'ok' : 'wrong-password'
  }
  return config.devPassword && sameText(input.password, config.devPassword)
    ? 'ok'
    : 'wrong-password'
}

/** GitHub logins can be renamed and reused; the numeric id cannot. */
export function isAuthorGithubId(profileId: unknown, config: AuthorConfig['github']): boolean {
  return Boolean(config?.authorUserId) && String(profileId) === config?.authorUserId
}

export type AuthorIdentity = { id: string; name: string }

/** The one reading of a session: it is the author's, or it is nobody's. */
export function authorFromSession(session: unknown): AuthorIdentity | null {
  const user = (session as { user?: { role?: unknown; id?: unknown; name?: unknown } } | null)?.user
  if (!user || user.role !== 'author' || typeof user.id !== 'string') return null
  return { id: user.id, name: typeof user.name === 'string' ? user.name : 'author' }
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
