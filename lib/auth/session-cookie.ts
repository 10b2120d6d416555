import { decode } from 'next-auth/jwt'
import type { Database } from '../db/types'
import type { Env } from '../env'
import { authorConfig, authorFingerprint } from './author'
import { authSecret } from './secret'
import { isAuthorSessionLive } from './sessions'

/**
 * Reading the author's session cookie without Auth.js's request handling, for
 * proxy.ts: Auth.js (auth.ts) would load the app's database chooser, and with
 * it PGlite, into the proxy. What is read here must match how Auth.js and
 * auth.ts write the cookie; an Auth.js upgrade that changes it makes every
 * admin page view a redirect to sign-in (e2e/author-identity.spec.ts).
 */

/**
 * Auth.js's session cookie name: `__Secure-` prefixed when the site's URL
 * (AUTH_URL, else the request's) is https. The name is also the salt its
 * token is sealed with.
 */
export function sessionCookieName(siteProtocol: string): string {
  return siteProtocol === 'https:' ? '__Secure-authjs.session-token' : 'authjs.session-token'
}

/**
 * - `author`: a live session of the author configured now;
 * - `nobody`: no token, or a forged, expired or foreign one, or its row is
 *   gone (signed out, signed out everywhere) or was made for another author
 *   (then the row is deleted, as auth.ts does);
 * - `unknown`: it cannot be told here (no secret, or no database handle).
 * A database failure is thrown.
 */
export type SessionVerdict = 'author' | 'nobody' | 'unknown'

export async function checkSessionCookie(input: {
  token: string | undefined
  cookieName: string
  env: Env
  /** The database, or undefined when it cannot be reached without opening it here. */
  database: () => Promise<Database> | undefined
}): Promise<SessionVerdict> {
  const secret = authSecret(input.env)
  if (!secret) return 'unknown'
  if (!input.token) return 'nobody'
  const claims = await decode({ token: input.token, secret, salt: input.cookieName }).catch(
    () => null,
  )
  // What auth.ts's jwt callback writes at sign-in and its session callback reads.
  if (
    !claims ||
    claims.role !== 'author' ||
    typeof claims.authorId !== 'string' ||
    typeof claims.sid !== 'string'
  ) {
    return 'nobody'
  }
  const database = input.database()
  if (!database) return 'unknown'
  const identity = authorFingerprint(authorConfig(input.env))
  return (await isAuthorSessionLive(await database, claims.sid, identity)) ? 'author' : 'nobody'
}
