'use client'

import { checkAgainAction } from '@/app/_actions/link-checks'
import { AuthorForm } from './author-form'

/** "Check again": a small form of its own beside the link check. */
export function LinkCheckActions({ id }: { id: number }) {
  return (
    <AuthorForm action={checkAgainAction} className="row-actions">
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button button-secondary">
        Check again
      </button>
    </AuthorForm>
  )
}
