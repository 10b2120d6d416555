import { ActionForm } from './action-form'

/**
 * The confirmation after a delete, with its "Undo" (a restore of the same rows),
 * or after a restore. Shown at the top of the queue: the deleted rows' own forms
 * are gone from the list.
 */
export function UndoNotice({
  deleted,
  restoredCount,
}: {
  deleted: { id: number; url: string }[]
  restoredCount: number
}) {
  if (deleted.length > 0) {
    const n = deleted.length
    return (
      <ActionForm className="notice undo-notice">
        <p role="status">
          Deleted {n === 1 ? `submission ${deleted[0]?.id}` : `${n} submissions`}
          {n === 1 ? <span className="url-text"> ({deleted[0]?.url})</span> : null}. You can undo
          this for 30 days, also from the Deleted filter.
        </p>
        {deleted.map((row) => (
          <input key={row.id} type="hidden" name="ids" value={row.id} />
        ))}
        <button type="submit" name="intent" value="restore" className="button">
          Undo
        </button>
      </ActionForm>
    )
  }
  if (restoredCount > 0) {
    return (
      <p role="status" className="notice">
        Restored {restoredCount} submission{restoredCount === 1 ? '' : 's'}, exactly as{' '}
        {restoredCount === 1 ? 'it was' : 'they were'}.
      </p>
    )
  }
  return null
}
