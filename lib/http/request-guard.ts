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

/** A multipart body must open with its boundary and close with the final one. */
export function isWellFormedMultipart(body: string, boundary: string): boolean {
  return body.startsWith(`--${boundary}\r\n`) && body.trimEnd().endsWith(`--${boundary}--`)
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
