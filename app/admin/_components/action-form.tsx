'use client'

import { useActionState, type ReactNode } from 'react'
import { moderateAction, type ModerationState } from '@/app/_actions/moderation'

/** A moderation form whose buttons carry the intent; it shows what the action did. */
export function ActionForm({
  id,
  className,
  children,
}: {
  id?: string
  className?: string
  children: ReactNode
}) {
  const [state, action, pending] = useActionState<ModerationState, FormData>(moderateAction, {
    message: '',
    error: false,
  })
  return (
    <form id={id} action={action} className={className} aria-busy={pending}>
      {children}
      <p role="status" aria-live="polite" className={state.error ? 'form-error' : 'form-success'}>
        {pending ? 'Working…' : state.message}
      </p>
    </form>
  )
}
