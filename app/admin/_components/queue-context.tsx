'use client'

import {
  createContext,
  useActionState,
  useCallback,
  useContext,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import { moderateAction } from '@/app/_actions/moderation'
import { NO_ANSWER, type QueueAnswer } from './queue-answer'

/** What a row shows after a move: one line ("Approved · Undo") until the author moves on. */
export type Settled = NonNullable<QueueAnswer['moved']> & {
  at: number
  /** Moved by the bulk bar: its Undo names this one row of the move. */
  fromBulk: boolean
}

/** The later of two answers about one row (either may be missing). */
export function newest(a: Settled | undefined, b: Settled | undefined): Settled | undefined {
  if (!a) return b
  if (!b) return a
  return a.at >= b.at ? a : b
}

type Queue = {
  /** The bulk bar's form action, its last answer and whether it is working. */
  bulk: { answer: QueueAnswer; action: (form: FormData) => void; pending: boolean }
  /** The latest bulk answer about each row. */
  bulkRows: ReadonlyMap<number, Settled>
  /** What the queue's live region says: the latest answer of any move. */
  message: { text: string; error: boolean; undo?: string }
  /** A move is starting: the last message goes (messages are cleared on the next action). */
  starting: () => void
  /** A row's own answer arrived. */
  report: (answer: QueueAnswer) => void
  /** Words for the live region that no action answered (the keyboard's hints). */
  announce: (text: string) => void
}

const QueueContext = createContext<Queue | null>(null)

export function useQueue(): Queue {
  const queue = useContext(QueueContext)
  if (!queue) throw new Error('useQueue outside QueueProvider')
  return queue
}

/**
 * The state one view of the queue shares: the bulk bar's answers (kept per
 * row, so each moved row shows its line) and the one message of the live
 * region. Keyed by the view's query in the page, so it starts afresh when the
 * author moves on to another filter or page.
 */
export function QueueProvider({ children }: { children: ReactNode }) {
  const [answer, action, pending] = useActionState(moderateAction, NO_ANSWER)
  const [seen, setSeen] = useState(answer)
  const [bulkRows, setBulkRows] = useState<ReadonlyMap<number, Settled>>(new Map())
  // Without JavaScript a refused bulk move renders the page with its answer: shown from the start.
  const [message, setMessage] = useState<Queue['message']>(() => ({
    text: answer.message,
    error: answer.error,
  }))
  // A new bulk answer: remember it for each row it moved, while rendering (no
  // effect), so no row ever shows a frame without its line.
  if (seen !== answer) {
    setSeen(answer)
    const moved = answer.moved
    if (moved && answer.at) {
      const next = new Map(bulkRows)
      for (const id of moved.ids) next.set(id, { ...moved, at: answer.at, fromBulk: true })
      setBulkRows(next)
    }
    setMessage({
      text: answer.message,
      error: answer.error,
      undo: answer.moved?.undone ? undefined : answer.moved?.undo,
    })
  }
  const starting = useCallback(() => setMessage({ text: '', error: false }), [])
  const report = useCallback(
    (a: QueueAnswer) => setMessage({ text: a.message, error: a.error }),
    [],
  )
  const announce = useCallback((text: string) => setMessage({ text, error: false }), [])
  const queue = useMemo(
    () => ({
      bulk: { answer, action, pending },
      bulkRows,
      message,
      starting,
      report,
      announce,
    }),
    [answer, action, pending, bulkRows, message, starting, report, announce],
  )
  return <QueueContext value={queue}>{children}</QueueContext>
}
