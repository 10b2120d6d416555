import type { FormField, FormValues } from './fields'

/** What the reader-link form shows after a submission; it must survive a round trip without JS. */
export type LinkFormState = {
  status: 'idle' | 'success' | 'error'
  message: string
  fieldErrors: Partial<Record<FormField, string>>
  values: FormValues
  /** After a new link: its private status page (/links/status/<token>), for the reader alone. */
  statusUrl?: string
}

export const emptyValues: FormValues = { url: '', title: '', name: '', note: '' }

export const initialLinkFormState: LinkFormState = {
  status: 'idle',
  message: '',
  fieldErrors: {},
  values: emptyValues,
}

/**
 * What the reader is told: exactly what happened, never a promise that is not
 * true. A link from a blocked domain is told "received" like any other, so the
 * rule is not revealed.
 */
export const MESSAGES = {
  received:
    'Thank you! Your link has been received. It will appear here once the author has read it.',
  published: 'Thank you! Your link is published: it is now on the list below.',
  duplicateWaiting:
    'That link was already received for this post, thank you. It will appear once the author has read it.',
  duplicatePublished: 'That link was already received for this post: it is on the list below.',
  duplicateClosed:
    'That link was already received for this post, thank you. The author has already read it.',
  invalid: 'Please correct the highlighted fields and send again.',
  unavailable: 'Sorry, we couldn’t save your link just now. Please try again in a moment.',
  closed: 'This post does not take reader links.',
  rateLimited: (seconds: number) =>
    `You have sent several links in a short time. Please wait about ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''} and try again.`,
} as const
