'use client'

import type { ReactNode } from 'react'
import { domainRuleAction } from '@/app/_actions/domains'
import { AuthorForm } from './author-form'

/** A form of /admin/domains; it shows what the action did. */
export function DomainRuleForm(props: { className?: string; label: string; children: ReactNode }) {
  return <AuthorForm action={domainRuleAction} {...props} />
}
