/**
 * The reader-link form's fields and limits, free of any dependency so the
 * browser bundle of the form stays tiny (validation.ts pulls in zod).
 */
export const FIELD_LIMITS = { title: 200, name: 80, note: 500 } as const
export const FORM_FIELDS = ['url', 'title', 'name', 'note'] as const
export type FormField = (typeof FORM_FIELDS)[number]
export type FormValues = Record<FormField, string>
