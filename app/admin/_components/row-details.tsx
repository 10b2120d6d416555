import type { ReactNode } from 'react'
import { formatWhen } from '@/lib/format'
import { READER_VIA, actorLabel } from '@/lib/moderation/audit'
import type { HistoryEntry } from '@/lib/moderation/audit'
import { registrableDomainOfUrl } from '@/lib/moderation/domain-rules'
import type { QueueRow } from '@/lib/moderation/queue'
import { RESTORE_WINDOW_DAYS } from '@/lib/moderation/retention'
import { canMove } from '@/lib/moderation/transitions'
import { FIELD_LIMITS } from '@/lib/submissions/fields'
import { describeHost, type HostView } from '@/lib/text/look-alike'
import { MoveButton } from './move-button'
import { SubmissionHistory } from './submission-history'

/** A non-ASCII host: its punycode beside its Unicode form, and a warning when it imitates another. */
function HostLabel({ host }: { host: HostView }) {
  return (
    <p className="meta host-label">
      Host <code>{host.ascii}</code> is shown by browsers as <bdi>{host.unicode}</bdi>.
      {host.lookAlike ? (
        <>
          {' '}
          <strong className="look-alike" role="note">
            Look-alike domain: it imitates another address. Check it before approving.
          </strong>
        </>
      ) : null}
    </p>
  )
}

function EditField(props: {
  id: number
  name: 'title' | 'name'
  label: string
  value: string | null
}) {
  const inputId = `${props.name}-${props.id}`
  return (
    <div className="field">
      <label htmlFor={inputId}>{props.label}</label>
      <input
        id={inputId}
        name={props.name}
        form={`row-${props.id}`}
        type="text"
        defaultValue={props.value ?? ''}
        dir="auto"
        maxLength={FIELD_LIMITS[props.name]}
      />
    </div>
  )
}

const HIDDEN_BY: Record<string, string> = {
  admin: 'you',
  'link-check': 'the link check, as your settings allow',
  webmention: 'its Webmention sender, as your settings allow',
}

/** What automatic signals said, and whether the public sees the link: above the buttons that answer. */
function VisibilityNote({ row }: { row: QueueRow }) {
  if (!row.needsLook && !row.hiddenAt) return null
  return (
    <div className="visibility-note" role="note">
      {row.needsLook ? (
        <p>
          <strong>Needs a look:</strong> {row.needsLook}.
        </p>
      ) : null}
      {row.hiddenAt && row.hiddenVia === READER_VIA ? (
        <p>
          <strong>Withdrawn by the reader</strong> since {formatWhen(row.hiddenAt)}, from their
          link’s private page: it stays off the public lists whatever its status, until you show it
          again.
        </p>
      ) : row.hiddenAt ? (
        <p>
          <strong>Hidden from the public lists</strong> since {formatWhen(row.hiddenAt)}, by{' '}
          {HIDDEN_BY[row.hiddenVia ?? ''] ?? row.hiddenVia}.
        </p>
      ) : null}
    </div>
  )
}

/** The moves that are not among the row's three: visibility, back to pending, domain rules, delete. */
function MoreMoves({ row }: { row: QueueRow }) {
  const form = `row-${row.id}`
  // The reader's withdrawal is no signal to keep or dismiss: only "Show again" overrides it.
  const hiddenBySignal =
    row.hiddenAt !== null && row.hiddenVia !== 'admin' && row.hiddenVia !== READER_VIA
  const domain = registrableDomainOfUrl(row.url)
  return (
    <div className="row-actions">
      {row.needsLook || hiddenBySignal ? (
        <MoveButton form={form} intent="keep" label="Keep shown" />
      ) : null}
      {row.status === 'approved' && row.hiddenAt === null ? (
        <MoveButton form={form} intent="hide" label="Hide" />
      ) : null}
      {row.hiddenAt !== null && !hiddenBySignal ? (
        <MoveButton form={form} intent="show" label="Show again" />
      ) : null}
      {canMove(row.status, 'pending') ? (
        <MoveButton form={form} intent="pending" label="Move to pending" />
      ) : null}
      {domain && (row.status === 'approved' || canMove(row.status, 'approved')) ? (
        <MoveButton form={form} intent="trust" label={`Always approve links from ${domain}`} />
      ) : null}
      {domain ? (
        <MoveButton form={form} intent="block" label={`Mark as spam and block ${domain}`} danger />
      ) : null}
      <MoveButton form={form} intent="delete" label="Delete" danger />
    </div>
  )
}

const purgeDate = (deletedAt: Date) =>
  new Date(deletedAt.getTime() + RESTORE_WINDOW_DAYS * 86_400_000)

/**
 * Everything about a row beyond its summary, behind one disclosure: when and
 * by whom, the full link, edits, the rarer moves, the link check, the history,
 * and `children`, a slot for what other features add to a row (such as the
 * log of Webmentions sent for it).
 */
export function RowDetails({
  row,
  history,
  authorName,
  check,
  children,
}: {
  row: QueueRow
  history: HistoryEntry[]
  /** AUTHOR_NAME: older rows name the author by an internal id, shown as this. */
  authorName: string
  /** The full link check, with its "Check again" form. */
  check: ReactNode
  children?: ReactNode
}) {
  const deleted = row.deletedAt !== null
  const host = describeHost(row.url)
  const shownUrl = host ? new URL(row.url).href : row.url
  return (
    <details className="row-more">
      <summary>
        More<span className="visually-hidden"> about submission {row.id}</span>
      </summary>
      <div className="row-more-body">
        <p className="meta">
          Sent <time dateTime={row.createdAt.toISOString()}>{formatWhen(row.createdAt)}</time>
          {row.moderatedAt ? (
            <>
              {' '}
              · moderated {formatWhen(row.moderatedAt)}
              {row.moderatedBy ? <> by {actorLabel(row.moderatedBy, authorName)}</> : null}
            </>
          ) : null}
          {row.deletedAt ? (
            <>
              {' '}
              · deleted {formatWhen(row.deletedAt)}, purged after{' '}
              {formatWhen(purgeDate(row.deletedAt))}
            </>
          ) : null}
        </p>
        <p className="meta">
          <bdi className="url-text" dir="ltr">
            {shownUrl}
          </bdi>
        </p>
        {host && host.unicode !== host.ascii ? <HostLabel host={host} /> : null}
        <VisibilityNote row={row} />
        {deleted ? null : (
          <>
            <div className="edit-fields">
              <EditField id={row.id} name="title" label="Title" value={row.title} />
              <EditField id={row.id} name="name" label="Name" value={row.submitterName} />
              <MoveButton form={`row-${row.id}`} intent="edit" label="Save title and name" />
            </div>
            <MoreMoves row={row} />
          </>
        )}
        {check}
        <SubmissionHistory id={row.id} entries={history} authorName={authorName} />
        {children}
      </div>
    </details>
  )
}
