/**
 * A button of a row's moderation form: its intent names the move. `form`
 * ties a button in the row's details (outside the row's own form element) to
 * that form.
 */
export function MoveButton({
  intent,
  label,
  form,
  primary,
  danger,
}: {
  intent: string
  label: string
  form?: string
  primary?: boolean
  danger?: boolean
}) {
  const kind = danger ? 'button-danger' : primary ? 'button-primary' : 'button-secondary'
  return (
    <button type="submit" name="intent" value={intent} form={form} className={`button ${kind}`}>
      {label}
    </button>
  )
}
