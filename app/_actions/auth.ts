'use server'

import { AuthError, CredentialsSignin } from 'next-auth'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { signIn, signOut } from '@/auth'
import { safeCallbackPath } from '@/lib/auth/author'
import { signInErrorMessage } from '@/lib/auth/messages'
import { endAllAuthorSessions } from '@/lib/auth/sessions'
import { getDatabase } from '@/lib/db'
import { siteUrl } from '@/lib/env'
import { requireAuthor } from '@/app/_lib/author-guard'

export type SignInState = { error?: string; email: string }

/** Our own origin comes from SITE_URL, never from the Host or X-Forwarded-Host a client sends. */
const ownOrigin = (): string => siteUrl().origin

export async function signInWithPassword(
  _previous: SignInState,
  form: FormData,
): Promise<SignInState> {
  const email = typeof form.get('email') === 'string' ? String(form.get('email')) : ''
  const password = typeof form.get('password') === 'string' ? String(form.get('password')) : ''
  const target = safeCallbackPath(form.get('callbackUrl'), ownOrigin())
  let failure: { type: string; code?: string } | undefined
  try {
    await signIn('credentials', { email, password, redirect: false })
  } catch (error) {
    if (!(error instanceof AuthError)) throw error
    failure = {
      type: error.type,
      code: error instanceof CredentialsSignin ? error.code : undefined,
    }
  }
  if (failure) {
    // With JavaScript, useActionState shows the message. A form posted without
    // it gets the sign-in page again, which reads the failure from the address.
    if ((await headers()).has('next-action')) {
      return { error: signInErrorMessage(failure.type, failure.code), email }
    }
    const again = new URLSearchParams({ error: failure.type, callbackUrl: target })
    if (failure.code) again.set('code', failure.code)
    redirect(`/signin?${again}`)
  }
  // Outside the try: redirect() works by throwing.
  redirect(target)
}

export async function signInWithGitHub(form: FormData): Promise<void> {
  const target = safeCallbackPath(form.get('callbackUrl'), ownOrigin())
  await signIn('github', { redirectTo: target })
}

/**
 * The sign-out forms' one field. Next sends an action that reads none of its
 * arguments as text/plain, which proxy.ts refuses (415); reading the field
 * keeps these posts multipart like every other form of the site.
 */
const signOutField = (form: FormData) => form.get('signOut')

/**
 * Ends this session on the server too (auth.ts deletes its row), then goes home
 * with a relative redirect: Auth.js would build the address from the Host header.
 */
export async function signOutAction(form: FormData): Promise<void> {
  if (signOutField(form) !== 'this') return
  await signOut({ redirect: false })
  redirect('/')
}

/** Ends every session the author has, in every browser, then this one's cookie. */
export async function signOutEverywhereAction(form: FormData): Promise<void> {
  await requireAuthor()
  if (signOutField(form) !== 'everywhere') return
  const { db } = await getDatabase()
  await endAllAuthorSessions(db)
  await signOut({ redirect: false })
  redirect('/signin?signedOut=everywhere')
}
