/**
 * Refusals for malformed or cross-site POSTs, decided from the request alone so
 * they get a 4xx before Next's server-action handling (which answers them 500).
 */
export const MAX_POST_BYTES = 64 * 1024

export type Refusal = { status: 400 | 403 | 413; message: string }

type Headers = { get(name: string): string | null }

export function refusePost(
  headers: Headers,
  { crossSiteAllowed = false }: { crossSiteAllowed?: boolean } = {},
): Refusal | undefined {
  const length = Number(headers.get('content-length') ?? NaN)
  if (length > MAX_POST_BYTES) {
    return { status: 413, message: 'The request is too large.' }
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
