import { actorLabel } from '@/lib/moderation/audit'
import type { HistoryEntry } from '@/lib/moderation/audit'
import { formatWhen } from '@/lib/format'

/** A row's audit log: who changed what, when, and through what (in the row's details). */
export function SubmissionHistory({
  id,
  entries,
  authorName,
}: {
  id: number
  entries: HistoryEntry[]
  /** AUTHOR_NAME: older entries name the author by an internal id, shown as this. */
  authorName: string
}) {
  if (entries.length === 0) return null
  return (
    <div className="history">
      <p>
        <strong>History</strong> ({entries.length} change{entries.length === 1 ? '' : 's'})
      </p>
      <ol aria-label={`History of submission ${id}`}>
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at.toISOString()}>{formatWhen(e.at, 'second')}</time>:{' '}
            {e.fromStatus === null ? (
              <>
                created as <strong>{e.toStatus}</strong>
              </>
            ) : e.fromStatus === e.toStatus ? (
              <>
                <strong>{e.toStatus}</strong>, unchanged
              </>
            ) : (
              <>
                <strong>{e.fromStatus}</strong> → <strong>{e.toStatus}</strong>
              </>
            )}{' '}
            via {e.via}
            {e.actor ? <> by {actorLabel(e.actor, authorName)}</> : null}
            {e.detail ? <> ({e.detail})</> : null}
          </li>
        ))}
      </ol>
    </div>
  )
}
