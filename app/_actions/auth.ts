'use server'

import { AuthError, CredentialsSignin } from 'next-auth'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { signIn, signOut } from '@/auth'
import { safeCallbackPath } from '@/lib/auth/author'
import { signInErrorMessage } from '@/lib/auth/messages'

export type SignInState = { error?: string; email: string }

async function requestOrigin(): Promise<string> {
  const h = await headers()
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost'
  const proto = h.get('x-forwarded-proto') ?? 'http'
  return `${proto}://${host}`
}

export async function signInWithPassword(
  _previous: SignInState,
  form: FormData,
): Promise<SignInState> {
  const email = typeof form.get('email') === 'string' ? String(form.get('email')) : ''
  const password = typeof form.get('password') === 'string' ? String(form.get('password')) : ''
  const target = safeCallbackPath(form.get('callbackUrl'), await requestOrigin())
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
  const target = safeCallbackPath(form.get('callbackUrl'), await requestOrigin())
  await signIn('github', { redirectTo: target })
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/' })
}
