import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import GitHub from 'next-auth/providers/github'
import { z } from 'zod'
import {
  authorConfig,
  authorFingerprint,
  checkCredentials,
  isAuthorGithubId,
} from '@/lib/auth/author'
import { env, ipHashSalt, pinAuthUrlToSiteUrl } from '@/lib/env'
import { notifyAuthorOfLockout } from '@/lib/auth/lockout-notice'
import { authSecret } from '@/lib/auth/secret'

class WrongCredentials extends CredentialsSignin {
  code = 'wrong_credentials'
}
class BadInput extends CredentialsSignin {
  code = 'bad_input'
}
/** Refused by the sign-in limit; the code carries the time to try again. */
class Blocked extends CredentialsSignin {
  constructor(code: string) {
    super()
    this.code = code
  }
}

const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60

const credentialsInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(500),
})

// Loaded when needed, not at the top: `next build` and pages that never sign in need no database.
const database = async () => (await import('@/lib/db')).getDatabase().then((h) => h.db)
const sessions = () => import('@/lib/auth/sessions')

/**
 * Built per request (NextAuth's lazy form) so `next build` reads no secrets and
 * the providers always reflect the running environment.
 */
function config(): NextAuthConfig {
  const e = env()
  pinAuthUrlToSiteUrl()
  const author = authorConfig(e)
  // Who the sessions must have been made for (see authorFingerprint).
  const identity = authorFingerprint(author)
  const development = e.NODE_ENV === 'development'
  const providers: NextAuthConfig['providers'] = []
  if (author.github) {
    providers.push(
      GitHub({
        clientId: author.github.clientId,
        clientSecret: author.github.clientSecret,
        // Auth.js checks only PKCE by default and then ignores `state`. PKCE stops a
        // forged callback only where GitHub enforces it (GitHub Enterprise Server
        // may not), so the callback must also carry the state this browser was given.
        checks: ['pkce', 'state'],
      }),
    )
  }
  if (author.credentials) {
    const credentials = author.credentials
    providers.push(
      Credentials({
        credentials: {
          email: { label: 'Email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(raw, request) {
          const parsed = credentialsInput.safeParse(raw)
          if (!parsed.success) throw new BadInput()
          const [limit, { requestClientAddress }, { hashIp }, { blockCode }] = await Promise.all([
            import('@/lib/auth/sign-in-limit'),
            import('@/lib/http/client-address'),
            import('@/lib/submissions/ip-hash'),
            import('@/lib/auth/messages'),
          ])
          const db = await database()
          const client = hashIp(`sign-in:${requestClientAddress(request.headers)}`, ipHashSalt())
          const limits = {
            client: {
              max: e.SIGNIN_CLIENT_MAX_FAILURES,
              windowSeconds: e.SIGNIN_CLIENT_WINDOW_SECONDS,
            },
            account: {
              max: e.SIGNIN_ACCOUNT_MAX_FAILURES,
              windowSeconds: e.SIGNIN_ACCOUNT_WINDOW_SECONDS,
            },
          }
          const attempt = await limit.startSignInAttempt(db, client, limits)
          if (!attempt.ok) throw new Blocked(blockCode(attempt.block.scope, attempt.block.until))
          if ((await checkCredentials(parsed.data, credentials)) !== 'ok') {
            const lockout = await limit.recordSignInFailure(db, attempt.attemptId, limits, {
              onAccountLockout: notifyAuthorOfLockout,
            })
            // The notice goes out now, after this response, not at the next cron run.
            if (lockout) (await import('@/app/_lib/run-jobs')).drainAfterResponse()
            throw new WrongCredentials()
          }
          await limit.recordSignInSuccess(db, attempt.attemptId)
          return { id: `email:${credentials.email.toLowerCase()}`, name: author.name }
        },
      }),
    )
  }
  return {
    providers,
    // The proxy reads the cookie with the same secret (lib/auth/session-cookie.ts).
    secret: authSecret(e),
    trustHost: development ? true : undefined,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    events: {
      async signOut(message) {
        const sid = 'token' in message ? message.token?.sid : undefined
        if (typeof sid === 'string')
          await (await sessions()).endAuthorSession(await database(), sid)
      },
    },
    callbacks: {
      signIn({ account, profile }) {
        if (account?.provider === 'github') return isAuthorGithubId(profile?.id, author.github)
        return account?.provider === 'credentials'
      },
      /**
       * Signing in writes a session row, with the fingerprint of the author
       * configured then; every later read of the cookie checks the row is still
       * there and made for the author configured now, so a signed-out cookie,
       * or one from before the author changed, is worth nothing.
       * Returning null makes Auth.js drop the cookie.
       */
      async jwt({ token, user, account, profile }) {
        if (account && user) {
          const authorId =
            account.provider === 'github' ? `github:${String(profile?.id)}` : String(user.id)
          token.role = 'author'
          token.authorId = authorId
          token.name = author.name
          token.sid = await (
            await sessions()
          ).createAuthorSession(await database(), authorId, SESSION_MAX_AGE_SECONDS, identity)
          return token
        }
        if (typeof token.sid !== 'string') return null
        const live = await (
          await sessions()
        ).isAuthorSessionLive(await database(), token.sid, identity)
        return live ? token : null
      },
      session({ session, token }) {
        return {
          ...session,
          user: {
            ...session.user,
            id: typeof token.authorId === 'string' ? token.authorId : '',
            role: token.role === 'author' ? 'author' : undefined,
            name: author.name,
          },
        }
      },
    },
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config())
