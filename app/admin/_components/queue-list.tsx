'use client'

import { Fragment, useState, type ReactNode } from 'react'

export type ListedRow = { id: number; node: ReactNode }

/**
 * Rows stay where they were: a fresh render of the page (after each move)
 * brings the rows of the view as they are now, and a row that left the view
 * (approved, in the pending view) keeps its place and its state, showing its
 * line ("Approved · Undo"). New rows join at the end. Nothing moves under the
 * author's pointer until they move on to another view.
 */
function keepInPlace(shown: ListedRow[], rows: ListedRow[]): ListedRow[] {
  const fresh = new Map(rows.map((r) => [r.id, r]))
  const known = new Set(shown.map((r) => r.id))
  return [...shown.map((r) => fresh.get(r.id) ?? r), ...rows.filter((r) => !known.has(r.id))]
}

export function QueueList({ rows }: { rows: ListedRow[] }) {
  const [view, setView] = useState({ rows, shown: rows })
  if (view.rows !== rows) setView({ rows, shown: keepInPlace(view.shown, rows) })
  // Rendered even when the view is empty, so the lines of rows that just left it stay.
  if (view.shown.length === 0) return <p>Nothing here.</p>
  return (
    <ol className="submissions">
      {view.shown.map((r) => (
        <Fragment key={r.id}>{r.node}</Fragment>
      ))}
    </ol>
  )
}
