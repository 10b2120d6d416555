'use client'

import { useActionState } from 'react'
import { signInWithPassword, type SignInState } from '@/app/_actions/auth'

export function PasswordForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  // The permalink becomes the form's action URL (React renders action="" without
  // one, which is invalid HTML); a browser without JavaScript posts to /signin.
  const [state, action, pending] = useActionState<SignInState, FormData>(
    signInWithPassword,
    { email: email ?? '' },
    '/signin',
  )
  return (
    <form action={action} className="form" key={state.error ?? ''}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="field">
        <label htmlFor="signin-email">Email</label>
        <input
          id="signin-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
        />
      </div>
      <div className="field">
        <label htmlFor="signin-password">Password</label>
        <input
          id="signin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      <p role="alert" className="form-error">
        {state.error ?? ''}
      </p>
    </form>
  )
}
