/**
 * Sends a form the way a browser without JavaScript does: read the hidden inputs
 * React renders for the server action from the page's HTML (whatever they are
 * called: nothing here knows React's field names), then POST them back as
 * multipart/form-data with the visible fields.
 *
 * For the reader-link form, submitLink() does it all:
 * The answer is a redirect back to the post, whose status line then says what
 * happened (post/redirect/get; see app/_actions/submit-link.ts). The outcome is
 * read from that status line, or from a form state in the reply when a page has
 * none. `rendered` says which it was.
 */
import { randomBytes } from 'node:crypto'
import { FLASH_COOKIE, decodeFlash } from '../../lib/submissions/flash'
import { AUTHOR } from './server-env'

export const FORM_POST = '/posts/writing-about-failures'

/** The exact messages of lib/submissions/form-state.ts (kept literal: the tests pin them). */
export const MESSAGE_TEXT = {
  received: 'has been received',
  /** A trusted domain's link, public at once. */
  published: 'Your link is published',
  duplicate: 'That link was already received for this post',
  rateLimited: 'Please wait about',
  unavailable: 'Sorry, we couldn’t save your link just now. Please try again in a moment.',
  invalid: 'Please correct the highlighted fields and send again.',
  closed: 'This post does not take reader links.',
} as const

export type Outcome =
  | 'received'
  | 'published'
  | 'duplicate'
  | 'rate-limited'
  | 'unavailable'
  | 'invalid'
  | 'closed'
  /** Anything else: a 5xx, an empty page, a page without a known message, a network error. */
  | 'unclear'

export type ActionForm = { fields: [string, string][] }

export type LinkValues = { url: string; title?: string; name?: string; note?: string }

export type SubmitResult = {
  outcome: Outcome
  status: number
  /** The status line of the page, or else the message of the form state sent back. */
  message: string
  /** What the server echoed back into the form (url, title, name, note). */
  values: Record<string, string>
  /** Whether the answer is a whole page with the form in it (what a browser without JS shows). */
  rendered: boolean
  body: string
  error?: string
  ms: number
}

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&#x27;': "'",
  '&#39;': "'",
}

export function decodeHtml(text: string): string {
  return text.replace(/&(?:quot|amp|lt|gt|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity)
}

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const [, name, value] of tag.matchAll(/([^\s=/<>"]+)(?:="([^"]*)")?/g)) {
    if (name) attrs[name] = decodeHtml(value ?? '')
  }
  return attrs
}

/** The first <form> of a page with a field named `field`, or undefined when there is none. */
export function findForm(html: string, field: string): string | undefined {
  const name = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return html.match(
    new RegExp(`<form\\b[^>]*>(?:(?!<\\/form>)[\\s\\S])*name="${name}"[\\s\\S]*?<\\/form>`),
  )?.[0]
}

/** The field that tells the reader-link form from any other. */
export const READER_FORM_FIELD = 'postSlug'

/** The reader-link <form> of a post page, or undefined when the page has none. */
export function readerForm(html: string): string | undefined {
  return findForm(html, READER_FORM_FIELD)
}

/** The hidden inputs of the form with a field named `field`, in document order. */
export function hiddenFields(html: string, field = READER_FORM_FIELD): [string, string][] {
  const form = findForm(html, field)
  if (!form) throw new Error(`the page has no form with a field named ${field}`)
  const fields: [string, string][] = []
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attrs = attributes(tag)
    if (attrs.type === 'hidden' && attrs.name) fields.push([attrs.name, attrs.value ?? ''])
  }
  return fields
}

/** The values the (re-rendered) form holds: inputs' value and the note's text. */
export function formValues(html: string): Record<string, string> {
  const form = readerForm(html) ?? ''
  const values: Record<string, string> = {}
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attrs = attributes(tag)
    // The honeypot is not something the reader typed.
    if (attrs.name && attrs.type !== 'hidden' && attrs.name !== 'homepage') {
      values[attrs.name] = attrs.value ?? ''
    }
  }
  for (const [, tag, text] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    const attrs = attributes(tag ?? '')
    // React writes a leading newline before textarea content that starts with one.
    if (attrs.name) values[attrs.name] = decodeHtml((text ?? '').replace(/^\n/, ''))
  }
  return values
}

export type FormState = {
  status: string
  message: string
  fieldErrors: Record<string, string>
  values: Record<string, string>
}

/**
 * The form state the server sends for useActionState after a no-JS submission:
 * `self.__next_f.push([2,[state, key, actionId, n]])` in the page's inline scripts.
 */
export function formStatePayload(html: string): FormState | undefined {
  for (const [, payload] of html.matchAll(/self\.__next_f\.push\(\[2,([\s\S]*?)\]\)<\/script>/g)) {
    try {
      const parsed = JSON.parse(payload ?? '') as unknown
      const state = Array.isArray(parsed) ? (parsed[0] as FormState | undefined) : undefined
      if (state && typeof state.message === 'string' && typeof state.status === 'string') {
        return state
      }
    } catch {
      // Not the form state.
    }
  }
  return undefined
}

/** The status line of the rendered form (what a person reads). */
export function statusLine(html: string): string {
  const form = readerForm(html) ?? ''
  const match = form.match(/<p\b[^>]*role="status"[^>]*>([\s\S]*?)<\/p>/)
  return decodeHtml((match?.[1] ?? '').replace(/<[^>]*>/g, '')).trim()
}

/** The answer's message: the rendered status line, or else the form state the server sent. */
export function statusMessage(html: string): string {
  return statusLine(html) || formStatePayload(html)?.message || ''
}

export function classify(status: number, html: string): Outcome {
  if (status !== 200 || html.trim() === '') return 'unclear'
  return outcomeOf(statusMessage(html))
}

/** Which of the form's known messages this is ('unclear' for none). */
export function outcomeOf(message: string): Outcome {
  if (message.includes(MESSAGE_TEXT.received)) return 'received'
  if (message.includes(MESSAGE_TEXT.published)) return 'published'
  if (message.includes(MESSAGE_TEXT.duplicate)) return 'duplicate'
  if (message.includes(MESSAGE_TEXT.rateLimited)) return 'rate-limited'
  if (message.includes(MESSAGE_TEXT.unavailable)) return 'unavailable'
  if (message.includes(MESSAGE_TEXT.invalid)) return 'invalid'
  if (message.includes(MESSAGE_TEXT.closed)) return 'closed'
  return 'unclear'
}

/**
 * GET a page and read the hidden inputs of its form with a field named `field`
 * (the reader-link form by default; the same for every submission of a build).
 */
export async function loadActionForm(
  baseUrl: string,
  path = FORM_POST,
  options: { field?: string; cookie?: string } = {},
): Promise<ActionForm> {
  const response = await fetch(new URL(path, baseUrl), {
    headers: options.cookie ? { cookie: options.cookie } : {},
    redirect: 'manual',
  })
  const html = await response.text()
  if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`)
  return { fields: hiddenFields(html, options.field) }
}

/** multipart/form-data as a browser encodes a form (fields only, in order). */
export function multipart(
  fields: [string, string][],
  boundary = `----WebKitFormBoundary${randomBytes(8).toString('hex')}`,
): { body: Buffer; contentType: string } {
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`,
  )
  return {
    body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/**
 * A form posted without JavaScript is answered with a 303 back to the post and
 * the answer in a short-lived cookie (post/redirect/get): the message that page
 * will show, read from the Set-Cookie headers without following the redirect.
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

/**
 * One password sign-in through Auth.js's credentials callback, as the sign-in
 * form does: CSRF token from /api/auth/csrf, then the form post, from client
 * address `ip` when given. Returns the cookies, the session's among them when it
 * succeeded, and where the answer sends the browser.
 */
export async function postCredentials(
  baseUrl: string,
  credentials: { email: string; password: string; ip?: string },
): Promise<{ cookies: string[]; session?: string; status: number; location: string }> {
  const pairs = (response: Response) =>
    response.headers.getSetCookie().map((c) => c.split(';')[0] as string)
  const client: Record<string, string> = credentials.ip ? { 'x-forwarded-for': credentials.ip } : {}
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: client })
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const jar = pairs(csrf)
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: jar.join('; '),
      ...client,
    },
    body: new URLSearchParams({
      csrfToken,
      email: credentials.email,
      password: credentials.password,
      callbackUrl: `${baseUrl}/admin`,
    }),
  })
  await response.arrayBuffer()
  const session = pairs(response).find((c) => c.startsWith('authjs.session-token='))
  return {
    cookies: jar,
    session,
    status: response.status,
    location: response.headers.get('location') ?? '',
  }
}

/**
 * Signs in as the test author (test/support/server-env.ts). Returns the Cookie
 * header that carries the session.
 */
export async function signInAsAuthor(baseUrl: string): Promise<string> {
  const answer = await postCredentials(baseUrl, AUTHOR)
  if (!answer.session) throw new Error(`sign-in failed: ${answer.status} ${answer.location}`)
  return [...answer.cookies, answer.session].join('; ')
}

/**
 * A password sign-in expected to fail, from client address `ip`: the message
 * the sign-in page it is sent back to shows (its role="alert" paragraph).
 */
export async function failedSignInMessage(
  baseUrl: string,
  credentials: { email: string; password: string; ip: string },
): Promise<string> {
  const answer = await postCredentials(baseUrl, credentials)
  if (answer.session) throw new Error('the sign-in succeeded')
  const page = await fetch(new URL(answer.location, baseUrl), {
    headers: { 'x-forwarded-for': credentials.ip },
  })
  const html = await page.text()
  const alert = /<p role="alert"[^>]*>([^<]*)<\/p>/.exec(html)?.[1]
  if (alert === undefined) throw new Error(`no message on ${answer.location} (HTTP ${page.status})`)
  return decodeHtml(alert)
}

export function randomClientIp(): string {
  const b = randomBytes(3)
  return `198.${b[0]! % 200}.${b[1]}.${b[2]}`
}

/** The i-th of a block of distinct client addresses (10.x.y.z is enough for 16 million). */
export function clientIp(i: number, block = 0): string {
  return `10.${block % 256}.${(i >> 8) & 255}.${i & 255}`
}

export function uniqueUrl(label: string): string {
  return `https://story-${randomBytes(5).toString('hex')}.example.com/${label}`
}

/** The multipart body a browser builds from the form: hidden inputs first, then the fields. */
export function formBody(form: ActionForm, values: LinkValues, honeypot = ''): FormData {
  const body = new FormData()
  for (const [name, value] of form.fields) body.append(name, value)
  body.append('url', values.url)
  body.append('title', values.title ?? '')
  body.append('name', values.name ?? '')
  body.append('homepage', honeypot)
  body.append('note', values.note ?? '')
  return body
}

export async function submitLink(
  baseUrl: string,
  form: ActionForm,
  values: LinkValues,
  options: {
    ip: string
    path?: string
    signal?: AbortSignal
    /**
     * false: read the answer from the 303 itself (its flash cookie holds the
     * message the page will show) instead of loading that page. The row is
     * committed before the 303 is sent, so this is the acknowledgement; load
     * tests use it to spend the server's time on submissions, not page renders.
     */
    follow?: boolean
  } = { ip: randomClientIp() },
): Promise<SubmitResult> {
  const started = Date.now()
  const target = new URL(options.path ?? FORM_POST, baseUrl)
  try {
    const response = await fetch(target, {
      method: 'POST',
      body: formBody(form, values),
      headers: {
        'x-forwarded-for': options.ip,
        origin: target.origin,
        accept: 'text/html,application/xhtml+xml',
      },
      redirect: 'manual',
      signal: options.signal,
    })
    let final = response
    // The app answers a form posted without JavaScript with post/redirect/get: a
    // 303 back to the post and the answer in a short-lived cookie. Follow it as a
    // browser would, so the outcome is read from the page a person sees.
    const location = response.headers.get('location')
    if (response.status === 303 && options.follow === false) {
      await response.arrayBuffer()
      const message = answerMessage({ 'set-cookie': response.headers.getSetCookie() })
      return {
        outcome: outcomeOf(message),
        status: response.status,
        message,
        values: {},
        rendered: false,
        body: '',
        ms: Date.now() - started,
      }
    }
    if (response.status === 303 && location) {
      const cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ')
      final = await fetch(new URL(location, target), {
        headers: { cookie, 'x-forwarded-for': options.ip, accept: 'text/html' },
        redirect: 'manual',
        signal: options.signal,
      })
    }
    const body = await final.text()
    return {
      outcome: classify(final.status, body),
      status: final.status,
      message: statusMessage(body),
      values: readerForm(body) ? formValues(body) : (formStatePayload(body)?.values ?? {}),
      rendered: /<html[\s>]/.test(body) && readerForm(body) !== undefined,
      body,
      ms: Date.now() - started,
    }
  } catch (error) {
    return {
      outcome: 'unclear',
      status: 0,
      message: '',
      values: {},
      rendered: false,
      body: '',
      error:
        error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error),
      ms: Date.now() - started,
    }
  }
}

/**
 * Runs `count` tasks with at most `concurrency` in flight. Tasks start in waves:
 * each wave is released together, so the server sees bursts, not a trickle.
 */
export async function inWaves<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count)
  for (let start = 0; start < count; start += concurrency) {
    const wave = Array.from({ length: Math.min(concurrency, count - start) }, (_, k) => start + k)
    await Promise.all(
      wave.map(async (i) => {
        results[i] = await task(i)
      }),
    )
  }
  return results
}

/** Counts outcomes, for annotations and failure messages. */
export function tally(results: { outcome: Outcome }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1
  return counts
}
