import type { LinkBadge } from '@/lib/links/badge'
import { formatAge, formatWhen } from '@/lib/format'
import type { QueueRow } from '@/lib/moderation/queue'
import { canMove } from '@/lib/moderation/transitions'
import { MoveButton } from './move-button'

/**
 * The link as a reader would see it in the address bar, with its host (the
 * part that says whose site it is) emphasised. Punycode for a non-ASCII host,
 * as the parsed URL gives it, so a look-alike cannot pass for its original.
 */
function LinkText({ url }: { url: string }) {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return <bdi dir="ltr">{url}</bdi>
  }
  const rest = parsed.href.slice(parsed.protocol.length + 2 + parsed.host.length)
  return (
    <bdi dir="ltr" className="link-text">
      <span className="link-part">{`${parsed.protocol}//`}</span>
      <strong className="link-host">{parsed.host}</strong>
      <span className="link-part">{rest}</span>
    </bdi>
  )
}

/**
 * What a row shows at a glance: the link, its title and sender, the post and
 * how long ago, one word about its link check, and the three common moves.
 * Everything else is in the row's details. All reader text is rendered as text.
 */
export function RowSummary({ row, badge }: { row: QueueRow; badge: LinkBadge }) {
  const deleted = row.deletedAt !== null
  return (
    <>
      <input
        type="checkbox"
        name="ids"
        value={row.id}
        form="bulk-form"
        className="row-select"
        aria-label={`Select submission ${row.id}`}
      />
      <div className="row-main">
        <p className="row-link">
          <a href={row.url} rel="ugc nofollow noopener noreferrer" target="_blank">
            <LinkText url={row.url} />
          </a>{' '}
          <span className={`badge badge-${badge.kind}`}>{badge.label}</span>
        </p>
        <p className="row-title">
          {row.title ? <bdi className="row-title-text">{row.title}</bdi> : <em>No title</em>}
          {row.submitterName ? (
            <>
              {' '}
              <span className="meta">by</span> <bdi>{row.submitterName}</bdi>
            </>
          ) : null}
        </p>
        {row.note ? (
          <p className="row-note" dir="auto">
            {row.note}
          </p>
        ) : null}
        <p className="meta row-meta">
          <strong className={`status status-${row.status}`}>{row.status}</strong> ·{' '}
          <a href={`/posts/${row.postSlug}`} className="row-post">
            {row.postSlug}
          </a>{' '}
          ·{' '}
          <time dateTime={row.createdAt.toISOString()} title={formatWhen(row.createdAt)}>
            {formatAge(row.createdAt)}
          </time>
          {row.sourceKind === 'webmention' ? ' · Webmention' : null}
          {row.needsLook ? (
            <>
              {' · '}
              <strong className="flag">Needs a look</strong>
            </>
          ) : null}
          {row.hiddenAt ? (
            <>
              {' · '}
              <strong className="flag">Hidden</strong>
            </>
          ) : null}
        </p>
      </div>
      <div className="row-moves">
        {deleted ? (
          <MoveButton intent="restore" label="Restore" />
        ) : (
          <>
            {canMove(row.status, 'approved') ? (
              <MoveButton intent="approve" label="Approve" primary />
            ) : null}
            {canMove(row.status, 'rejected') ? <MoveButton intent="reject" label="Reject" /> : null}
            {canMove(row.status, 'spam') ? <MoveButton intent="spam" label="Spam" /> : null}
          </>
        )}
      </div>
    </>
  )
}
