import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import GitHub from 'next-auth/providers/github'
import { z } from 'zod'
import { authorConfig, checkCredentials, isAuthorGithubId } from '@/lib/auth/author'
import { env, ipHashSalt } from '@/lib/env'

class NotAuthor extends CredentialsSignin {
  code = 'not_author'
}
class WrongPassword extends CredentialsSignin {
  code = 'wrong_password'
}
class BadInput extends CredentialsSignin {
  code = 'bad_input'
}

const credentialsInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(500),
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Built per request (NextAuth's lazy form) so `next build` reads no secrets and
 * the providers always reflect the running environment.
 */
function config(): NextAuthConfig {
  const e = env()
  const author = authorConfig(e)
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
          // Loaded here, not at the top, so proxy.ts does not pull in the database driver.
          const [{ getDatabase }, throttle, { clientIp, hashIp }] = await Promise.all([
            import('@/lib/db'),
            import('@/lib/auth/throttle'),
            import('@/lib/submissions/ip-hash'),
          ])
          const { db } = await getDatabase()
          const key = hashIp(`sign-in:${clientIp(request.headers)}`, ipHashSalt())
          await sleep(throttle.failureDelayMs(await throttle.recentFailures(db, key)))
          const result = await checkCredentials(parsed.data, credentials)
          if (result !== 'ok') {
            await throttle.recordFailure(db, key)
            throw result === 'not-author' ? new NotAuthor() : new WrongPassword()
          }
          return { id: `email:${credentials.email.toLowerCase()}`, name: author.name }
        },
      }),
    )
  }
  return {
    providers,
    secret:
      e.AUTH_SECRET ?? (development ? 'development-only-secret-not-for-production' : undefined),
    trustHost: development ? true : undefined,
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      signIn({ account, profile }) {
        if (account?.provider === 'github') return isAuthorGithubId(profile?.id, author.github)
        return account?.provider === 'credentials'
      },
      jwt({ token, user, account, profile }) {
        if (account && user) {
          token.role = 'author'
          token.authorId =
            account.provider === 'github' ? `github:${String(profile?.id)}` : String(user.id)
          token.name = author.name
        }
        return token
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
