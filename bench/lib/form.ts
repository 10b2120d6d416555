import { randomBytes } from 'node:crypto'
import { FLASH_COOKIE, decodeFlash } from '../../lib/submissions/flash'

/** The hidden inputs React renders into a server-action form for browsers without JavaScript. */
export const ACTION_FIELDS = [
  '$ACTION_REF_1',
  '$ACTION_1:0',
  '$ACTION_1:1',
  '$ACTION_KEY',
  'postSlug',
]

const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Reads the hidden inputs of the page's form, as a browser would submit them. */
export function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0]
    if (!/\btype="hidden"/.test(tag)) continue
    const name = /\bname="([^"]*)"/.exec(tag)?.[1]
    if (!name) continue
    fields[decodeEntities(name)] = decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '')
  }
  const missing = ACTION_FIELDS.filter((f) => !(f in fields))
  if (missing.length) throw new Error(`the form lacks the hidden inputs ${missing.join(', ')}`)
  return fields
}

/** multipart/form-data as a browser encodes a form (fields only, in order). */
export function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----WebKitFormBoundary${randomBytes(8).toString('hex')}`
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`,
  )
  return {
    body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/** The n-th submission: a distinct story URL and a distinct client address. */
export function submission(hidden: Record<string, string>, n: number) {
  const { body, contentType } = multipart([
    ...ACTION_FIELDS.map((f): [string, string] => [f, hidden[f] ?? '']),
    ['url', `https://bench-${n}.example.com/stories/${n}`],
    ['title', `Benchmark story ${n}`],
    ['name', 'Bench Reader'],
    ['note', 'Sent by the submission benchmark.'],
    ['homepage', ''],
  ])
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  return { body, contentType, ip }
}

export const RECEIVED = 'has been received'

/**
 * A form posted without JavaScript is answered with a 303 back to the post and
 * the answer in a cookie (post/redirect/get): the message that page will show.
 */
export function answerMessage(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers['set-cookie'] ?? headers['Set-Cookie']
  const cookies = Array.isArray(raw) ? raw : raw ? [raw] : []
  for (const cookie of cookies) {
    const [pair] = cookie.split(';')
    const eq = pair?.indexOf('=') ?? -1
    if (pair && eq > 0 && pair.slice(0, eq) === FLASH_COOKIE) {
      return decodeFlash(pair.slice(eq + 1))?.message ?? ''
    }
  }
  return ''
}
