import { domainToUnicode } from 'node:url'
import unhomoglyph from 'unhomoglyph'

/**
 * How /admin shows a link's host: always its ASCII (punycode) form, the
 * Unicode form beside it when they differ, and a warning when the Unicode form
 * could pass for another site: it mixes scripts in one label (`аpple`, Cyrillic
 * а), or every letter has an ASCII look-alike (`аррӏе`, all Cyrillic).
 */
export type HostView = { ascii: string; unicode: string; lookAlike: boolean }

// Enough scripts to tell the usual look-alikes apart; any other letter counts as its own.
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Thai',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
].map((name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }))

// Writing systems that mix scripts by nature (UTS #39, "highly restrictive").
const ALLOWED_MIXES = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
]

export function scriptsOf(label: string): Set<string> {
  const found = new Set<string>()
  for (const char of label) {
    if (!/\p{L}/u.test(char)) continue
    found.add(SCRIPTS.find((s) => s.test.test(char))?.name ?? `U+${char.codePointAt(0)}`)
  }
  return found
}

export function mixesScripts(label: string): boolean {
  const scripts = scriptsOf(label)
  if (scripts.size <= 1) return false
  return !ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => allowed.has(s)))
}

const ASCII_HOST = /^[\x21-\x7e]*$/

/** Not ASCII itself, but every character has an ASCII look-alike (Unicode confusables). */
export function confusableWithAscii(unicodeHost: string): boolean {
  return !ASCII_HOST.test(unicodeHost) && ASCII_HOST.test(unhomoglyph(unicodeHost.normalize('NFC')))
}

export function describeHost(url: string): HostView | null {
  let ascii: string
  try {
    ascii = new URL(url).hostname
  } catch {
    return null
  }
  const unicode = domainToUnicode(ascii) || ascii
  if (unicode === ascii) return { ascii, unicode, lookAlike: false }
  const lookAlike = unicode.split('.').some(mixesScripts) || confusableWithAscii(unicode)
  return { ascii, unicode, lookAlike }
}
