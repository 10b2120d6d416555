/**
 * Multipart bodies whose outer boundaries look right but whose inside is broken
 * (issue 21, finding 10: each was a 500). One table for the unit test of the
 * checker (test/unit/request-guard.test.ts) and the end-to-end one against
 * `next start` (e2e/resilience/hostile-http.spec.ts). `fields` are the named
 * fields of a real form, written first so every body carries them, and the
 * broken part comes after.
 */
export type MalformedCase = { name: string; body: (boundary: string, fields: string) => string }

const CRLF = '\r\n'

/** The well-formed parts for `fields`, in the order given. */
export function parts(fields: [string, string][], boundary: string): string {
  return fields
    .map(
      ([name, value]) =>
        `--${boundary}${CRLF}Content-Disposition: form-data; name="${name}"${CRLF}${CRLF}${value}${CRLF}`,
    )
    .join('')
}

const close = (b: string) => `--${b}--${CRLF}`
const part = (b: string, headers: string[], value = 'v') =>
  `--${b}${CRLF}${headers.join(CRLF)}${CRLF}${CRLF}${value}${CRLF}`

export const MALFORMED_MULTIPART: MalformedCase[] = [
  {
    name: 'part header without a colon',
    body: (b, f) => f + part(b, ['Content-Disposition form-data; name="x"']) + close(b),
  },
  {
    name: 'part header name with a space',
    body: (b, f) => f + part(b, ['Content Disposition: form-data; name="x"']) + close(b),
  },
  {
    name: 'part without a name',
    body: (b, f) => f + part(b, ['Content-Disposition: form-data']) + close(b),
  },
  {
    name: 'part with an empty name',
    body: (b, f) => f + part(b, ['Content-Disposition: form-data; name=""']) + close(b),
  },
  {
    name: 'part without Content-Disposition',
    body: (b, f) => f + part(b, ['Content-Type: text/plain']) + close(b),
  },
  {
    name: 'part with Content-Disposition: attachment',
    body: (b, f) => f + part(b, ['Content-Disposition: attachment; name="x"']) + close(b),
  },
  {
    name: 'part with an unterminated quoted name',
    body: (b, f) => f + part(b, ['Content-Disposition: form-data; name="x']) + close(b),
  },
  {
    name: 'empty part (boundary, blank line, boundary)',
    body: (b, f) => f + `--${b}${CRLF}${CRLF}` + close(b),
  },
  { name: 'empty part (two boundaries in a row)', body: (b, f) => f + `--${b}${CRLF}` + close(b) },
  {
    name: 'no CRLF before the closing boundary',
    body: (b, f) =>
      f + `--${b}${CRLF}Content-Disposition: form-data; name="x"${CRLF}${CRLF}v` + close(b),
  },
  {
    name: 'no blank line between part headers and value',
    body: (b, f) =>
      f + `--${b}${CRLF}Content-Disposition: form-data; name="x"${CRLF}v${CRLF}` + close(b),
  },
  {
    name: 'part headers ended by bare LF',
    body: (b, f) => f + `--${b}\nContent-Disposition: form-data; name="x"\n\nv${CRLF}` + close(b),
  },
  {
    name: 'whole body with bare LF line ends',
    body: (b, f) => (f + close(b)).replaceAll(CRLF, '\n'),
  },
  {
    name: 'junk right after a boundary',
    body: (b, f) =>
      f +
      `--${b}junk${CRLF}Content-Disposition: form-data; name="x"${CRLF}${CRLF}v${CRLF}` +
      close(b),
  },
  { name: 'text before the first boundary', body: (b, f) => `preamble${CRLF}` + f + close(b) },
  { name: 'only the closing boundary (no part at all)', body: (b) => close(b) },
  {
    name: 'closing boundary missing (last part cut off)',
    body: (b, f) => f + `--${b}${CRLF}Content-Disposition: form-data; name="x"${CRLF}${CRLF}v`,
  },
  {
    name: 'closing boundary with one dash',
    body: (b, f) => f + `--${b}-${CRLF}`,
  },
  {
    name: 'part with a misspelled disposition type (formdata)',
    body: (b, f) => f + part(b, ['Content-Disposition: formdata; name="x"']) + close(b),
  },
  {
    name: 'header line folded (obsolete continuation)',
    body: (b, f) => f + part(b, ['Content-Disposition: form-data;', ' name="x"']) + close(b),
  },
  {
    name: 'header with a NUL byte',
    body: (b, f) => f + part(b, ['Content-Disposition: form-data; name="x"\u0000']) + close(b),
  },
  {
    name: 'header with a bare CR inside',
    body: (b, f) => f + part(b, ['Content-Disposition: form-data;\rname="x"']) + close(b),
  },
]
