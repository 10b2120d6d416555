'use client'

import { useEffect, useRef } from 'react'
import { useQueue } from './queue-context'

/** The rows' "select" boxes: each row's checkbox belongs to the bulk form (form="bulk-form"). */
const ROW_BOXES = 'input[type="checkbox"][name="ids"][form="bulk-form"]'

const MOVES = [
  ['approve', 'Approve', 'button-secondary'],
  ['reject', 'Reject', 'button-secondary'],
  ['spam', 'Spam', 'button-secondary'],
  ['delete', 'Delete', 'button-danger'],
] as const

/**
 * Moves for several rows at once, and the queue's one message: what the last
 * move did (any move: a row's, the keyboard's or these), in a polite live
 * region shown as a toast, with the Undo of a bulk move beside it. "Select all on this page"
 * is a field of its own, so it works without JavaScript too (the page's ids
 * go with it); with JavaScript it also ticks and clears every row's box.
 */
export function BulkBar({ pageIds }: { pageIds: number[] }) {
  const { bulk, message, starting } = useQueue()
  const dismiss = starting
  const all = useRef<HTMLInputElement>(null)

  // A row's own box changed: "all" says whether every box is ticked (or some).
  useEffect(() => {
    const onChange = (event: Event) => {
      const box = all.current
      if (!box || !(event.target instanceof HTMLInputElement) || !event.target.matches(ROW_BOXES))
        return
      const boxes = [...document.querySelectorAll<HTMLInputElement>(ROW_BOXES)]
      const ticked = boxes.filter((b) => b.checked).length
      box.checked = ticked > 0 && ticked === boxes.length
      box.indeterminate = ticked > 0 && ticked < boxes.length
    }
    document.addEventListener('change', onChange)
    return () => document.removeEventListener('change', onChange)
  }, [])

  const tickAll = (checked: boolean) => {
    for (const box of document.querySelectorAll<HTMLInputElement>(ROW_BOXES)) box.checked = checked
  }

  return (
    <form
      id="bulk-form"
      action={bulk.action}
      onSubmit={starting}
      className="bulk"
      aria-label="Selected submissions"
      aria-busy={bulk.pending}
    >
      <input type="hidden" name="page" value={pageIds.join(',')} />
      <label className="select-all">
        <input
          ref={all}
          type="checkbox"
          name="all"
          onChange={(event) => tickAll(event.currentTarget.checked)}
        />{' '}
        Select all<span className="wide-only"> on this page</span>
      </label>
      <div className="row-actions">
        {MOVES.map(([intent, label, kind]) => (
          <button
            key={intent}
            type="submit"
            name="intent"
            value={intent}
            className={`button ${kind}`}
          >
            {/* "Approve selected" to every reader; on a phone the second word is not shown. */}
            {label}
            <span className="wide-only"> selected</span>
          </button>
        ))}
      </div>
      {/*
        A toast at the foot of the screen, where it is seen wherever the author has
        scrolled, and which moves no row: the live region stays in the page even
        when empty, so what it says next is announced.
      */}
      <div
        className="queue-message"
        data-shown={message.text ? 'true' : undefined}
        data-error={message.error ? 'true' : undefined}
      >
        <p role="status" aria-live="polite">
          {message.text}
        </p>
        {message.undo ? (
          <>
            <input type="hidden" name="undo" value={message.undo} />
            <button type="submit" name="intent" value="undo" className="link-button">
              Undo
            </button>
          </>
        ) : null}
        {message.text ? (
          <button
            type="button"
            className="link-button queue-message-close"
            aria-label="Dismiss the message"
            onClick={dismiss}
          >
            ×
          </button>
        ) : null}
      </div>
    </form>
  )
}
