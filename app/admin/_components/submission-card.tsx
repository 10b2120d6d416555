import type { ReactNode } from 'react'
import { READER_VIA, actorLabel } from '@/lib/moderation/audit'
import type { HistoryEntry } from '@/lib/moderation/audit'
import { canMove } from '@/lib/moderation/transitions'
import type { QueueRow } from '@/lib/moderation/queue'
import { RESTORE_WINDOW_DAYS } from '@/lib/moderation/retention'
import { FIELD_LIMITS } from '@/lib/submissions/fields'
import { describeHost, type HostView } from '@/lib/text/look-alike'
import { ActionForm } from './action-form'
import { DomainButtons } from './domain-buttons'
import { SendLog } from './send-log'
import { SubmissionHistory } from './submission-history'
import { formatWhen } from '@/lib/format'
import type { SendLogEntry } from '@/lib/webmention/send/log'

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

function IntentButton({
  intent,
  label,
  danger,
}: {
  intent: string
  label: string
  danger?: boolean
}) {
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={`button ${danger ? 'button-danger' : 'button-secondary'}`}
    >
      {label}
    </button>
  )
}

function EditField(props: {
  id: string
  name: 'title' | 'name'
  label: string
  value: string | null
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="text"
        defaultValue={props.value ?? ''}
        dir="auto"
        maxLength={FIELD_LIMITS[props.name]}
      />
    </div>
  )
}

const purgeDate = (deletedAt: Date) =>
  new Date(deletedAt.getTime() + RESTORE_WINDOW_DAYS * 86_400_000)

/** One submission, with everything the author needs to decide, all rendered as text. */
export function SubmissionCard({
  row,
  history = [],
  authorName,
  sends,
  children,
}: {
  row: QueueRow
  history?: HistoryEntry[]
  /** The Webmentions sent about this link (lib/webmention/send/log.ts). */
  sends?: SendLogEntry[]
  /** AUTHOR_NAME: older rows name the author by an internal id, shown as this. */
  authorName: string
  children?: ReactNode
}) {
  const deleted = row.deletedAt !== null
  const host = describeHost(row.url)
  // The parsed form: punycode host, and anything invisible or direction-changing percent-encoded.
  const shownUrl = host ? new URL(row.url).href : row.url
  return (
    <li
      id={`submission-${row.id}`}
      className="submission"
      data-status={row.status}
      data-hidden={row.hiddenAt !== null ? 'true' : undefined}
      data-needs-look={row.needsLook !== null ? 'true' : undefined}
      data-deleted={deleted ? 'true' : undefined}
      aria-label={`Submission ${row.id}: ${row.url}`}
      tabIndex={-1}
    >
      <ActionForm>
        <input type="hidden" name="ids" value={row.id} />
        <p className="meta">
          <input
            type="checkbox"
            name="ids"
            value={row.id}
            form="bulk-form"
            aria-label={`Select submission ${row.id}`}
          />{' '}
          <strong className={`status status-${row.status}`}>{row.status}</strong> · for{' '}
          <a href={`/posts/${row.postSlug}`}>{row.postSlug}</a> · sent{' '}
          <time dateTime={row.createdAt.toISOString()}>{formatWhen(row.createdAt)}</time>
          {row.moderatedAt ? (
            <>
              {' '}
              · moderated {formatWhen(row.moderatedAt)} by {actorLabel(row.moderatedBy, authorName)}
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
        <p>
          <a href={row.url} rel="ugc nofollow noopener noreferrer" target="_blank" dir="auto">
            {row.title ?? shownUrl}
          </a>
          <br />
          <bdi className="url-text" dir="ltr">
            {shownUrl}
          </bdi>
        </p>
        {host && host.unicode !== host.ascii ? <HostLabel host={host} /> : null}
        {row.submitterName ? (
          <p className="meta">
            Shared by <bdi>{row.submitterName}</bdi>
          </p>
        ) : null}
        {row.note ? (
          <blockquote className="note" dir="auto">
            {row.note}
          </blockquote>
        ) : null}
        <VisibilityNote row={row} />
        {deleted ? (
          <div className="row-actions">
            <IntentButton intent="restore" label="Restore" />
          </div>
        ) : (
          <>
            <div className="edit-fields">
              <EditField id={`title-${row.id}`} name="title" label="Title" value={row.title} />
              <EditField id={`name-${row.id}`} name="name" label="Name" value={row.submitterName} />
            </div>
            <ModerationButtons row={row} />
            <DomainButtons url={row.url} status={row.status} />
          </>
        )}
        <SubmissionHistory id={row.id} entries={history} authorName={authorName} />
        <SendLog id={row.id} entries={sends} />
      </ActionForm>
      {children}
    </li>
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

function VisibilityButtons({ row }: { row: QueueRow }) {
  // The reader's withdrawal is no signal to keep or dismiss: only "Show again" overrides it.
  const hiddenBySignal =
    row.hiddenAt !== null && row.hiddenVia !== 'admin' && row.hiddenVia !== READER_VIA
  return (
    <>
      {row.needsLook || hiddenBySignal ? <IntentButton intent="keep" label="Keep shown" /> : null}
      {row.status === 'approved' && row.hiddenAt === null ? (
        <IntentButton intent="hide" label="Hide" />
      ) : null}
      {row.hiddenAt !== null && !hiddenBySignal ? (
        <IntentButton intent="show" label="Show again" />
      ) : null}
    </>
  )
}

function ModerationButtons({ row }: { row: QueueRow }) {
  return (
    <div className="row-actions">
      <VisibilityButtons row={row} />
      {canMove(row.status, 'approved') ? <IntentButton intent="approve" label="Approve" /> : null}
      {canMove(row.status, 'rejected') ? <IntentButton intent="reject" label="Reject" /> : null}
      {canMove(row.status, 'spam') ? <IntentButton intent="spam" label="Mark as spam" /> : null}
      {canMove(row.status, 'pending') ? (
        <IntentButton intent="pending" label="Move to pending" />
      ) : null}
      <IntentButton intent="edit" label="Save title and name" />
      <IntentButton intent="delete" label="Delete" danger />
    </div>
  )
}
