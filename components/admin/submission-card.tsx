import { canMove } from '@/lib/moderation/transitions'
import type { QueueRow } from '@/lib/moderation/queue'
import { FIELD_LIMITS } from '@/lib/submissions/fields'
import { ActionForm } from './action-form'

const when = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(d) + ' UTC'

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
        maxLength={FIELD_LIMITS[props.name]}
      />
    </div>
  )
}

/** One submission, with everything the author needs to decide, all rendered as text. */
export function SubmissionCard({ row }: { row: QueueRow }) {
  return (
    <li
      id={`submission-${row.id}`}
      className="submission"
      data-status={row.status}
      aria-label={`Submission ${row.id}: ${row.url}`}
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
          <time dateTime={row.createdAt.toISOString()}>{when(row.createdAt)}</time>
          {row.moderatedAt ? (
            <>
              {' '}
              · moderated {when(row.moderatedAt)} by {row.moderatedBy}
            </>
          ) : null}
        </p>
        <p>
          <a href={row.url} rel="ugc nofollow noopener noreferrer" target="_blank">
            {row.title ?? row.url}
          </a>
          <br />
          <span className="url-text">{row.url}</span>
        </p>
        {row.note ? <blockquote className="note">{row.note}</blockquote> : null}
        <div className="edit-fields">
          <EditField id={`title-${row.id}`} name="title" label="Title" value={row.title} />
          <EditField id={`name-${row.id}`} name="name" label="Name" value={row.submitterName} />
        </div>
        <div className="row-actions">
          {canMove(row.status, 'approved') ? (
            <IntentButton intent="approve" label="Approve" />
          ) : null}
          {canMove(row.status, 'rejected') ? <IntentButton intent="reject" label="Reject" /> : null}
          {canMove(row.status, 'spam') ? <IntentButton intent="spam" label="Mark as spam" /> : null}
          {canMove(row.status, 'pending') ? (
            <IntentButton intent="pending" label="Move to pending" />
          ) : null}
          <IntentButton intent="edit" label="Save title and name" />
          <IntentButton intent="delete" label="Delete" danger />
        </div>
      </ActionForm>
    </li>
  )
}
