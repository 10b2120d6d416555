import { undisguise } from './disguise'

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

/**
 * Text read from someone's page (a page title, an h-entry's name or author)
 * made fit to store: undisguised (no bidi controls, no towers of combining
 * marks), control characters and runs of whitespace folded to one space, and
 * cut to the field's limit. Nobody can be asked to fix it, so it is never refused.
 * Nothing usable is undefined: an absent field, as the validator expects.
 */
export function fitFetchedText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = undisguise(value).replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim()
  if (!text) return undefined
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
