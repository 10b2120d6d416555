'use client'

import { useActionState } from 'react'
import { moderateAction } from '@/app/_actions/moderation'
import { NO_ANSWER } from './queue-answer'

/**
 * What a move made without JavaScript did, at the top of the view it
 * redirected back to (post/redirect/get), with its Undo. The page shows it
 * only for an Undo plan this server signed (or after an Undo).
 */
export function DoneNotice({ message, undo }: { message: string; undo?: string }) {
  const [answer, action, pending] = useActionState(moderateAction, NO_ANSWER)
  return (
    <form action={action} className="notice done-notice" aria-busy={pending}>
      <p role="status" className={answer.error ? 'form-error' : undefined}>
        {answer.message || message}
      </p>
      {undo && !answer.message ? (
        <>
          <input type="hidden" name="undo" value={undo} />
          <button type="submit" name="intent" value="undo" className="button button-secondary">
            Undo
          </button>
        </>
      ) : null}
    </form>
  )
}
