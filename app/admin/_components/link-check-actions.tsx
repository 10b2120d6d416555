'use client'

import { useActionState } from 'react'
import {
  checkAgainAction,
  keepShownAction,
  type LinkCheckActionState,
} from '@/app/_actions/link-checks'

const initial: LinkCheckActionState = { message: '', error: false }

/** "Check again" (and "Keep shown" for a hidden link): small forms of their own. */
export function LinkCheckActions({ id, canKeep }: { id: number; canKeep: boolean }) {
  const [checked, check, checking] = useActionState(checkAgainAction, initial)
  const [kept, keep, keeping] = useActionState(keepShownAction, initial)
  const state = checking || keeping ? null : kept.message ? kept : checked
  return (
    <div className="row-actions">
      <form action={check} aria-busy={checking}>
        <input type="hidden" name="id" value={id} />
        <button type="submit" className="button button-secondary">
          Check again
        </button>
      </form>
      {canKeep ? (
        <form action={keep} aria-busy={keeping}>
          <input type="hidden" name="id" value={id} />
          <button type="submit" className="button button-secondary">
            Keep shown
          </button>
        </form>
      ) : null}
      <p role="status" aria-live="polite" className={state?.error ? 'form-error' : 'form-success'}>
        {state ? state.message : 'Working…'}
      </p>
    </div>
  )
}
