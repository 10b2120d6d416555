import { z } from 'zod'
import { FIELD_LIMITS } from './fields'
import type { LinkFormState } from './form-state'
import { STATUS_PATH } from '../receipts/token'

/**
 * Without JavaScript the form is a plain POST answered with a redirect back to
 * the post (post/redirect/get), so the answer travels in a short-lived cookie.
 * Browsers drop cookies over 4 KB: values are cut to a little over their limits,
 * and if the whole answer is still too large, the typed values are left out
 * rather than losing the message.
 */
export const FLASH_COOKIE = 'rgr-link-form'
export const FLASH_MAX_AGE_SECONDS = 60
/**
 * The answer is shown once: proxy.ts takes the cookie off the request that
 * brings it, expires it in that response (a reload shows the form afresh) and
 * hands its value to the page in this request header.
 */
export const FLASH_HEADER = 'x-rgr-link-form-answer'
const MAX_COOKIE_VALUE = 3800

const cut = {
  url: 2100,
  title: FIELD_LIMITS.title + 10,
  name: FIELD_LIMITS.name + 10,
  note: FIELD_LIMITS.note + 20,
}

const flashSchema = z.object({
  status: z.enum(['idle', 'success', 'error']),
  message: z.string().max(500),
  fieldErrors: z.partialRecord(z.enum(['url', 'title', 'name', 'note']), z.string().max(300)),
  values: z.object({
    url: z.string().max(cut.url),
    title: z.string().max(cut.title),
    name: z.string().max(cut.name),
    note: z.string().max(cut.note),
  }),
  statusUrl: z.string().regex(STATUS_PATH).optional(),
})

const encode = (state: LinkFormState) =>
  Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')

export function encodeFlash(state: LinkFormState): string {
  const trimmed: LinkFormState = {
    ...state,
    values: {
      url: state.values.url.slice(0, cut.url),
      title: state.values.title.slice(0, cut.title),
      name: state.values.name.slice(0, cut.name),
      note: state.values.note.slice(0, cut.note),
    },
  }
  const full = encode(trimmed)
  if (full.length <= MAX_COOKIE_VALUE) return full
  return encode({ ...trimmed, values: { url: '', title: '', name: '', note: '' } })
}

/** The cookie came back from the browser: treat it as untrusted input. */
export function decodeFlash(raw: string | undefined): LinkFormState | undefined {
  if (!raw || raw.length > MAX_COOKIE_VALUE) return undefined
  try {
    const parsed = flashSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')))
    return parsed.success ? (parsed.data as LinkFormState) : undefined
  } catch {
    return undefined
  }
}
