'use client'

import { useActionState, useEffect, useRef, type ReactNode } from 'react'
import { moderateAction } from '@/app/_actions/moderation'
import { NO_ANSWER } from './queue-answer'
import { newest, useQueue, type Settled } from './queue-context'

/** The `li` attributes the tests, the styles and the keyboard read. */
export type RowMarks = {
  status: string
  hidden: boolean
  needsLook: boolean
  deleted: boolean
}

/** The line a moved row becomes: what was done, and its Undo (a form of the row's own). */
function SettledLine({
  id,
  settled,
  action,
  onSubmit,
}: {
  id: number
  settled: Settled
  action: (form: FormData) => void
  onSubmit: () => void
}) {
  return (
    <form action={action} onSubmit={onSubmit} className="row-settled">
      {settled.undo ? <input type="hidden" name="undo" value={settled.undo} /> : null}
      {settled.fromBulk ? <input type="hidden" name="only" value={id} /> : null}
      <p>
        <strong id={`settled-${id}`}>{settled.label}</strong>
        {settled.undo ? (
          <>
            {' · '}
            <button
              type="submit"
              name="intent"
              value="undo"
              className="link-button"
              aria-describedby={`settled-${id}`}
            >
              Undo
            </button>
          </>
        ) : null}
      </p>
    </form>
  )
}

/**
 * One submission of the queue. Its moves post the row's form (the buttons of
 * its summary, and those of its details through `form=`); after a move it
 * stays where it is as one line until the author moves on, with focus on its
 * Undo when the move came from inside the row. The summary and details are
 * rendered on the server; this part only holds the form and its answer.
 */
export function QueueRow({
  id,
  label,
  marks,
  summary,
  details,
}: {
  id: number
  /** "Submission 42: https://…": the row's name for assistive technology and the tests. */
  label: string
  marks: RowMarks
  summary: ReactNode
  details: ReactNode
}) {
  const [answer, action, pending] = useActionState(moderateAction, NO_ANSWER)
  const { bulkRows, starting, report } = useQueue()
  const own: Settled | undefined =
    answer.moved && answer.at && answer.moved.ids.includes(id)
      ? { ...answer.moved, at: answer.at, fromBulk: false }
      : undefined
  const latest = newest(own, bulkRows.get(id))
  const settled = latest && !latest.undone ? latest : undefined
  const item = useRef<HTMLLIElement>(null)

  // The live region says what the row's move did; focus stays with the row
  // (its Undo, or the row itself after an Undo) unless it went elsewhere
  // meanwhile, as the keyboard's moves send it to the next row.
  const answered = useRef(NO_ANSWER)
  useEffect(() => {
    if (answer === answered.current) return
    answered.current = answer
    report(answer)
    const row = item.current
    const active = document.activeElement
    if (!row || (active && active !== document.body && !row.contains(active))) return
    const undo = row.querySelector<HTMLButtonElement>('.row-settled button')
    if (undo) undo.focus()
    else if (!answer.error) row.focus()
  }, [answer, report])

  return (
    <li
      ref={item}
      id={`submission-${id}`}
      className="submission"
      data-status={marks.status}
      data-hidden={marks.hidden ? 'true' : undefined}
      data-needs-look={marks.needsLook ? 'true' : undefined}
      data-deleted={marks.deleted ? 'true' : undefined}
      data-settled={settled && !settled.keepOpen ? 'true' : undefined}
      aria-label={label}
      aria-busy={pending}
      tabIndex={-1}
    >
      {settled ? (
        <SettledLine id={id} settled={settled} action={action} onSubmit={starting} />
      ) : null}
      {!settled || settled.keepOpen ? (
        <>
          <form id={`row-${id}`} action={action} onSubmit={starting} className="row">
            <input type="hidden" name="ids" value={id} />
            {summary}
            {answer.error ? <p className="form-error row-error">{answer.message}</p> : null}
          </form>
          {details}
        </>
      ) : null}
    </li>
  )
}
