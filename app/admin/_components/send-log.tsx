import { formatWhen } from '@/lib/format'
import type { SendLogEntry, SendReason } from '@/lib/webmention/send/log'
import type { SendOutcome } from '@/lib/webmention/send/send'

const WHY: Record<SendReason, string> = {
  approved: 'published',
  'taken-back': 'taken back',
  withdrawn: 'withdrawn by the reader',
  post: 'a link in the post',
}

const OUTCOME: Record<SendOutcome, string> = {
  sent: 'sent',
  'no-endpoint': 'no endpoint found',
  failed: 'failed',
  refused: 'refused',
  skipped: 'not sent',
}

/**
 * What the reader's site was told by Webmention about this link (the latest
 * attempts, newest first; lib/webmention/send/log.ts). Collapsed, like the
 * history. Endpoints and details are shown as text.
 */
export function SendLog({ id, entries }: { id: number; entries?: SendLogEntry[] }) {
  if (!entries || entries.length === 0) return null
  const latest = entries[0]!
  return (
    <details className="history send-log">
      <summary>
        Webmention: {OUTCOME[latest.outcome]} ({WHY[latest.reason]})
      </summary>
      <ol aria-label={`Webmentions about submission ${id}`}>
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={e.attemptedAt.toISOString()}>
              {formatWhen(e.attemptedAt, 'second')}
            </time>
            : {WHY[e.reason]}, <strong>{OUTCOME[e.outcome]}</strong>
            {e.endpoint ? (
              <>
                {' '}
                to <bdi className="url-text">{e.endpoint}</bdi>
              </>
            ) : null}
            {e.httpStatus !== null ? <> (HTTP {e.httpStatus})</> : null}
            {e.detail ? <>: {e.detail}</> : null}
          </li>
        ))}
      </ol>
    </details>
  )
}
