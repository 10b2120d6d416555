import type { Env } from '../env'

/**
 * The secret Auth.js seals session cookies with (auth.ts), and proxy.ts opens
 * them with (lib/auth/session-cookie.ts): AUTH_SECRET, or a fixed one in
 * development only. Undefined in production without AUTH_SECRET.
 */
export function authSecret(e: Env): string | undefined {
  return (
    e.AUTH_SECRET ??
    (e.NODE_ENV === 'development' ? 'development-only-secret-not-for-production' : undefined)
  )
}
