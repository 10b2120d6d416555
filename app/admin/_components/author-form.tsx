'use client'

import { useActionState, type ReactNode } from 'react'
import type { ActionState } from '@/app/_lib/author-action'

type Action = (previous: ActionState, form: FormData) => Promise<ActionState>

/**
 * A form of the author's pages around one author action: it shows what the
 * action did, in a polite live region, and "Working…" meanwhile.
 */
export function AuthorForm({
  action,
  id,
  className,
  label,
  children,
}: {
  action: Action
  id?: string
  className?: string
  label?: string
  children: ReactNode
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, {
    message: '',
    error: false,
  })
  return (
    <form id={id} action={formAction} className={className} aria-label={label} aria-busy={pending}>
      {children}
      <p role="status" aria-live="polite" className={state.error ? 'form-error' : 'form-success'}>
        {pending ? 'Working…' : state.message}
      </p>
    </form>
  )
}
