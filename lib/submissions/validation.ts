import { z } from 'zod'
import { undisguise } from '../text/disguise'
import { normalizeSubmittedUrl } from './normalize-url'
import { CONTROL_CHARACTERS, checkSubmittedUrl } from './url-policy'

import { FIELD_LIMITS, type FormField, type FormValues } from './fields'

export { FIELD_LIMITS, FORM_FIELDS, type FormField, type FormValues } from './fields'

// The note may span lines; nothing else may hold control characters.
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/

const optionalText = (label: string, max: number, multiline = false) =>
  z
    .string({ error: `${label} must be text.` })
    .transform((v) => undisguise(multiline ? v.replace(/\r\n?/g, '\n') : v).trim())
    .refine((v) => v.length <= max, `${label} can be at most ${max} characters.`)
    .refine(
      (v) => !(multiline ? CONTROL_EXCEPT_NEWLINE : CONTROL_CHARACTERS).test(v),
      multiline
        ? `${label} cannot contain control characters.`
        : `${label} cannot contain line breaks or control characters.`,
    )
    .transform((v) => (v === '' ? null : v))
    .optional()
    .transform((v) => v ?? null)

export function submissionSchema(ownHost: string) {
  return z.object({
    url: z
      .string({ error: 'Enter the link to your story.' })
      .trim()
      .min(1, 'Enter the link to your story.')
      .transform((value, ctx) => {
        const check = checkSubmittedUrl(value, ownHost)
        if (!check.ok) {
          ctx.addIssue({ code: 'custom', message: check.message })
          return z.NEVER
        }
        return { url: value, normalizedUrl: normalizeSubmittedUrl(check.url.href) }
      }),
    title: optionalText('The title', FIELD_LIMITS.title),
    name: optionalText('Your name', FIELD_LIMITS.name),
    note: optionalText('The note', FIELD_LIMITS.note, true),
  })
}

export type ValidSubmission = {
  url: string
  normalizedUrl: string
  title: string | null
  name: string | null
  note: string | null
}

export type ValidationResult =
  | { ok: true; data: ValidSubmission }
  | { ok: false; fieldErrors: Partial<Record<FormField, string>> }

/** Validates untrusted input (form fields or JSON); unknown keys are ignored. */
export function validateSubmission(
  input: Record<string, unknown>,
  ownHost: string,
): ValidationResult {
  const result = submissionSchema(ownHost).safeParse(input)
  if (result.success) {
    const { url, title, name, note } = result.data
    return { ok: true, data: { ...url, title, name, note } }
  }
  const fieldErrors: Partial<Record<FormField, string>> = {}
  for (const issue of result.error.issues) {
    const field = issue.path[0] as FormField
    fieldErrors[field] ??= issue.message
  }
  return { ok: false, fieldErrors }
}

/** What the reader typed, as strings, so a failed submission can be shown again. */
export function echoValues(input: Record<string, unknown>): FormValues {
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 5000) : '')
  return {
    url: text(input.url),
    title: text(input.title),
    name: text(input.name),
    note: text(input.note),
  }
}
