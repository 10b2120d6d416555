import type { ReactNode } from 'react'

const labels = { note: 'Note', tip: 'Tip', warning: 'Warning' } as const

export function Callout({
  type = 'note',
  children,
}: {
  type?: keyof typeof labels
  children: ReactNode
}) {
  const kind = type in labels ? type : 'note'
  return (
    <aside className={`callout callout-${kind}`} aria-label={labels[kind]}>
      <p className="callout-label">{labels[kind]}</p>
      {children}
    </aside>
  )
}
