'use client'

import type { ReactNode } from 'react'
import { moderateAction } from '@/app/_actions/moderation'
import { AuthorForm } from './author-form'

/** A moderation form whose buttons carry the intent; it shows what the action did. */
export function ActionForm(props: { id?: string; className?: string; children: ReactNode }) {
  return <AuthorForm action={moderateAction} {...props} />
}
