'use client'

import { useActionState, type ReactNode } from 'react'
import { domainRuleAction, type DomainRuleState } from '@/app/_actions/domains'

/** A form of /admin/domains; it shows what the action did. */
export function DomainRuleForm({
  className,
  label,
  children,
}: {
  className?: string
  label: string
  children: ReactNode
}) {
  const [state, action, pending] = useActionState<DomainRuleState, FormData>(domainRuleAction, {
    message: '',
    error: false,
  })
  return (
    <form action={action} className={className} aria-label={label} aria-busy={pending}>
      {children}
      <p role="status" aria-live="polite" className={state.error ? 'form-error' : 'form-success'}>
        {pending ? 'Working…' : state.message}
      </p>
    </form>
  )
}
