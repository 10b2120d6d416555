'use client'

import { useActionState } from 'react'
import { submitLinkAction } from '@/app/_actions/submit-link'
import { initialLinkFormState, type LinkFormState } from '@/lib/submissions/form-state'
import { FIELD_LIMITS, type FormField } from '@/lib/submissions/fields'

type FieldProps = {
  name: FormField
  label: string
  hint?: string
  state: LinkFormState
  multiline?: boolean
  type?: 'text' | 'url'
  required?: boolean
  maxLength?: number
  autoComplete?: string
}

function Field({ name, label, hint, state, multiline, type = 'text', ...rest }: FieldProps) {
  const id = `link-${name}`
  const error = state.fieldErrors[name]
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')
  const common = {
    id,
    name,
    defaultValue: state.values[name],
    // What the reader typed keeps its own direction, whatever the page's.
    dir: 'auto',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
    ...rest,
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {multiline ? <textarea rows={4} {...common} /> : <input type={type} {...common} />}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  )
}

export function LinkForm({ slug, answer }: { slug: string; answer?: LinkFormState }) {
  // The permalink is the form's action URL before JavaScript runs: without it
  // React renders action="" (invalid HTML); the post's address is where a
  // JavaScript-less browser should post to and land on.
  const [state, formAction, pending] = useActionState(
    submitLinkAction,
    answer ?? initialLinkFormState,
    `/posts/${slug}`,
  )
  const status = (
    <>
      <p
        role="status"
        aria-live="polite"
        className={state.status === 'error' ? 'form-error' : 'form-success'}
      >
        {state.message}
      </p>
      {state.statusUrl ? (
        <p className="status-link">
          Follow your link, or withdraw it, on <a href={state.statusUrl}>its private page</a>. Keep
          that address to yourself: it is the only way back to it.
        </p>
      ) : null}
    </>
  )
  // Without JavaScript the answer comes as a new page, scrolled to the form
  // (#send-link): there it leads the form, in view even on a phone. With
  // JavaScript it shows beside the button the reader just pressed.
  const answeredByPage = answer !== undefined && state === answer
  return (
    // The key remounts the fields after each answer, so their defaultValue is what the server echoed.
    <form action={formAction} className="form" noValidate key={JSON.stringify(state)}>
      <input type="hidden" name="postSlug" value={slug} />
      {answeredByPage ? status : null}
      <Field
        name="url"
        label="Link to your story"
        hint="The full address, starting with https://"
        type="url"
        required
        autoComplete="url"
        state={state}
      />
      <Field name="title" label="Title (optional)" maxLength={FIELD_LIMITS.title} state={state} />
      <Field
        name="name"
        label="Your name (optional)"
        maxLength={FIELD_LIMITS.name}
        autoComplete="name"
        state={state}
      />
      <Field
        name="note"
        label="A note for the author (optional)"
        hint={`At most ${FIELD_LIMITS.note} characters. Only the author reads it.`}
        maxLength={FIELD_LIMITS.note}
        multiline
        state={state}
      />
      <div className="hp" aria-hidden="true">
        <label htmlFor="link-homepage">Leave this field empty</label>
        <input
          id="link-homepage"
          type="text"
          name="homepage"
          tabIndex={-1}
          autoComplete="off"
          defaultValue=""
        />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Sending…' : 'Send my link'}
      </button>
      {answeredByPage ? null : status}
    </form>
  )
}
