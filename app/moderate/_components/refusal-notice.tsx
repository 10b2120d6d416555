import type { ReactNode } from 'react'
import type { Refusal } from '@/lib/notify/one-click'
import { REFUSAL_TEXT } from '@/lib/notify/one-click-text'

/** What a refused one-click link shows: why, and where to go instead. */
export function RefusalNotice({ reason, children }: { reason: Refusal; children?: ReactNode }) {
  const text = REFUSAL_TEXT[reason]
  return (
    <div className="one-click" data-refusal={reason}>
      <h1>{text.title}</h1>
      <p>{text.detail}</p>
      {children}
      <p>
        <a href="/admin">Open the moderation queue</a>
      </p>
    </div>
  )
}
