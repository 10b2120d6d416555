'use client'

import { useActionState } from 'react'
import { oneClickAction, type OneClickState } from '@/app/_actions/one-click'

/** The page's one button; a refusal or failure shows beside it (success moves to /moderate/done). */
export function OneClickForm(props: {
  action: 'approve' | 'reject'
  token: string
  label: string
}) {
  const [state, formAction, pending] = useActionState<OneClickState, FormData>(oneClickAction, {
    status: 'idle',
    message: '',
  })
  return (
    <form action={formAction} aria-busy={pending}>
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="token" value={props.token} />
      <button
        type="submit"
        className={`button ${props.action === 'reject' ? 'button-danger' : ''}`}
        disabled={pending}
      >
        {props.label}
      </button>
      <p
        role="status"
        aria-live="polite"
        className={state.status === 'idle' ? undefined : 'form-error'}
      >
        {pending ? 'Working…' : state.message}
      </p>
    </form>
  )
}
