/**
 * Reader text must look like what it is. Bidirectional controls can reverse
 * what follows them on the page (`Eve \u202Egro.elpmaxe` shows as
 * `Eve example.org`, and drags the host and date printed after the name along),
 * and long runs of combining marks draw over the lines around them.
 */

/** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the invisible direction marks. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g

export const MAX_COMBINING_RUN = 2

/** Longer runs of combining marks than any writing system needs on one letter. */
const COMBINING_RUN = new RegExp(`(\\p{M}{${MAX_COMBINING_RUN}})\\p{M}+`, 'gu')

/**
 * Removes bidi controls and caps each run of combining marks. Counted on the
 * decomposed text (so `ó` is o + one mark), then composed again (NFC).
 */
export function undisguise(text: string): string {
  return text
    .normalize('NFD')
    .replace(BIDI_CONTROLS, '')
    .replace(COMBINING_RUN, '$1')
    .normalize('NFC')
}

export const hasBidiControls = (text: string): boolean =>
  new RegExp(BIDI_CONTROLS.source).test(text)
