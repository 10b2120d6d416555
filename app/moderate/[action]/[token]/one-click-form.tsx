'use client'

import { useActionState } from 'react'
import { oneClickAction, type OneClickState } from '@/app/_actions/one-click'

/** The page's one button; after it, what happened, and where to look. */
export function OneClickForm(props: {
  action: 'approve' | 'reject'
  token: string
  label: string
  postPath: string
}) {
  const [state, formAction, pending] = useActionState<OneClickState, FormData>(oneClickAction, {
    status: 'idle',
    message: '',
  })
  if (state.status === 'done') {
    return (
      <div className="one-click-result">
        <p role="status" className="form-success">
          {state.message}
        </p>
        <p>
          <a href={props.postPath}>See the post</a> · <a href="/admin">Open the moderation queue</a>
        </p>
      </div>
    )
  }
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
