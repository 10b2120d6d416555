/**
 * Refusals for malformed, oversized or cross-site requests, decided in proxy.ts
 * so they get a 4xx before Next's own handling (which answers many of them 500).
 */

/**
 * The largest POST body accepted, in bytes. Equal to
 * experimental.serverActions.bodySizeLimit in next.config.mjs ('16kb'): a
 * larger body would reach Next's own limit and get a 500.
 */
export const MAX_POST_BYTES = 16 * 1024

/** The methods this site answers; anything else (TRACE, PUT, …) gets 405. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const

export type Refusal = { status: 400 | 403 | 405 | 413 | 415; message: string }

type Headers = { get(name: string): string | null }

export function refuseMethod(method: string): Refusal | undefined {
  return (ALLOWED_METHODS as readonly string[]).includes(method)
    ? undefined
    : { status: 405, message: 'That method is not allowed here.' }
}

/**
 * Forms post multipart (server actions) or URL-encoded (Auth.js); nothing else
 * is read. React sends an action's arguments as text/plain when they hold no
 * form data, so every action of this site is a form action whose form has at
 * least one named field (components/auth/sign-out-button.tsx).
 */
const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded']

/** Checks that need only the headers. */
export function refusePost(
  headers: Headers,
  { crossSiteAllowed = false }: { crossSiteAllowed?: boolean } = {},
): Refusal | undefined {
  const length = Number(headers.get('content-length') ?? NaN)
  if (length > MAX_POST_BYTES) {
    return { status: 413, message: 'The request is too large.' }
  }
  const type = (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!FORM_TYPES.includes(type)) {
    return { status: 415, message: 'Only form posts are accepted here.' }
  }
  const origin = headers.get('origin')
  // A page whose referrer policy is no-referrer (a reader's status page,
  // app/links/status/[token]) makes the browser send `Origin: null` with its own
  // form posts. Such a post is this site's only when the browser says so in
  // Sec-Fetch-Site, a header no page can set; without it, null stays foreign.
  if (origin === 'null' && !crossSiteAllowed && headers.get('sec-fetch-site') === 'same-origin') {
    return undefined
  }
  if (origin !== null && !crossSiteAllowed) {
    const host = headers.get('x-forwarded-host') ?? headers.get('host')
    let originHost: string
    try {
      originHost = new URL(origin).host
    } catch {
      return { status: 403, message: 'Forms can only be sent from this site.' }
    }
    if (originHost !== host)
      return { status: 403, message: 'Forms can only be sent from this site.' }
  }
  return undefined
}

/** The multipart boundary a Content-Type declares, if it is multipart at all. */
export function multipartBoundary(contentType: string | null): string | null | undefined {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) return undefined
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return match?.[1] ?? match?.[2] ?? null
}

/**
 * A multipart body as a form, if it is one Next can read (undefined if not):
 * parsed by the FormData parser of Node's own fetch (undici, the one Next
 * itself runs on a form posted without JavaScript), which refuses what the spec does not allow: a part
 * header without a colon, a part without Content-Disposition: form-data, an
 * empty part, a missing blank line or CRLF before a boundary, text before the
 * first boundary, a missing closing boundary. On top of it: at least one part,
 * and every part named (an unnamed or empty-named field, or a form with no
 * field at all, is nothing any form of this site sends, and React's decoder
 * fails on them). The body is at most MAX_POST_BYTES, so this stays cheap.
 */
export async function readMultipart(
  body: Uint8Array,
  contentType: string,
): Promise<FormData | undefined> {
  let form: FormData
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': contentType },
    }).formData()
  } catch {
    return undefined
  }
  let parts = 0
  for (const [name] of form) {
    if (name === '') return undefined
    parts++
  }
  return parts > 0 ? form : undefined
}

/** Whether readMultipart reads the body (see there). */
export async function isWellFormedMultipart(
  body: Uint8Array,
  contentType: string,
): Promise<boolean> {
  return (await readMultipart(body, contentType)) !== undefined
}

/**
 * Reads at most `limit` bytes of a body, whatever its framing (Content-Length
 * or chunked): undefined when it is longer, and the rest is not read.
 */
export async function readBodyUpTo(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array()
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      // Not awaited: cancelling one branch of a teed stream waits for the other.
      reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  const all = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    all.set(chunk, at)
    at += chunk.byteLength
  }
  return all
}
