import type { Metadata } from 'next'
import Link from 'next/link'
import { signInWithGitHub } from '@/app/_actions/auth'
import { currentAuthor } from '@/app/_lib/author-guard'
import { PasswordForm } from '@/app/signin/_components/password-form'
import { SignOutButton } from '@/app/_components/sign-out-button'
import { authorConfig, moderationConfigured } from '@/lib/auth/author'
import { signInErrorMessage } from '@/lib/auth/messages'
import { env } from '@/lib/env'

export const metadata: Metadata = {
  title: 'Sign in',
  robots: { index: false },
}

function NotConfigured() {
  return (
    <>
      <p>
        Moderation is not configured on this site, so nobody can sign in. The blog itself works as
        usual.
      </p>
      <p>To turn it on, set these environment variables and redeploy:</p>
      <ul>
        <li>
          <code>AUTH_SECRET</code>: a long random string (for example from{' '}
          <code>openssl rand -base64 33</code>).
        </li>
        <li>
          For a password: <code>AUTHOR_EMAIL</code> and <code>AUTHOR_PASSWORD_HASH</code> (made by{' '}
          <code>npm run hash-password</code>).
        </li>
        <li>
          For GitHub: <code>AUTH_GITHUB_ID</code>, <code>AUTH_GITHUB_SECRET</code> and{' '}
          <code>AUTHOR_GITHUB_USER_ID</code> (your numeric GitHub user id).
        </li>
      </ul>
    </>
  )
}

async function SignIn({ searchParams }: { searchParams: PageProps<'/signin'>['searchParams'] }) {
  const params = await searchParams
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)
  const callbackUrl = one(params.callbackUrl) ?? '/admin'
  const e = env()
  const config = authorConfig(e)
  const ready = moderationConfigured(config) && (e.AUTH_SECRET || e.NODE_ENV !== 'production')
  if (!ready) return <NotConfigured />

  const author = await currentAuthor()
  if (author) {
    return (
      <>
        <p>
          You are signed in as {author.name}. <Link href="/admin">Go to moderation</Link>.
        </p>
        <SignOutButton />
      </>
    )
  }
  const error = signInErrorMessage(one(params.error), one(params.code))
  return (
    <>
      {one(params.signedOut) === 'everywhere' ? (
        <p role="status">You are signed out in every browser.</p>
      ) : null}
      {error ? (
        <p role="alert" className="form-error">
          {error}
        </p>
      ) : null}
      {config.devDefault ? (
        <p className="meta">
          Development account: <code>{config.credentials?.email}</code> with the password{' '}
          <code>{config.credentials?.devPassword}</code>.
        </p>
      ) : null}
      {config.credentials ? <PasswordForm callbackUrl={callbackUrl} /> : null}
      {config.github ? (
        <form action={signInWithGitHub} className="form" style={{ marginTop: '1.5rem' }}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="button button-secondary">
            Sign in with GitHub
          </button>
        </form>
      ) : null}
    </>
  )
}

/** Rendered per request and complete without JavaScript: no streamed parts. */
export const instant = false

export default async function SignInPage(props: PageProps<'/signin'>) {
  return (
    <>
      <h1>Sign in</h1>
      <p>Only the author signs in here, to moderate the links readers send.</p>
      <SignIn searchParams={props.searchParams} />
    </>
  )
}
