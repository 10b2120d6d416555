import LinkHeader from 'http-link-header'
import { parse } from 'parse5'
import { safeFetch, type FetchedPage, type SafeFetchOptions } from '../../net/safe-fetch'

/*
 * Endpoint discovery, W3C Webmention 3.1.2: fetch the target (following
 * redirects), then the first HTTP Link header with rel="webmention", else the
 * first <link> or <a> element with rel="webmention" in document order. A
 * relative endpoint resolves against the URL that answered last (webmention.rocks
 * test 23); an empty href is that page itself (test 15). The endpoint is used as
 * it was found, query string and all (test 21).
 */

export type Discovery =
  /** The target answered, advertising this endpoint (absolute). */
  | { found: true; endpoint: string; page: Extract<FetchedPage, { ok: true }> }
  /** The target answered, without an endpoint; or it could not be fetched (`page.ok` false). */
  | { found: false; page: FetchedPage }

const WEBMENTION = 'webmention'

/** An absolute http(s) URL for a found href, or null when it resolves to nothing usable. */
function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** The first rel="webmention" link of the Link headers, in the order they came. */
export function endpointFromLinkHeaders(
  header: string | string[] | undefined,
  base: string,
): string | null {
  for (const value of [header ?? []].flat()) {
    let refs: LinkHeader.Reference[]
    try {
      // The parser splits rel="webmention other" into one reference per value.
      refs = LinkHeader.parse(value).refs
    } catch {
      continue // a malformed header value: the next one, or the HTML, may still say
    }
    for (const ref of refs) {
      if (ref.rel.toLowerCase() !== WEBMENTION) continue
      const endpoint = absolute(ref.uri, base)
      if (endpoint) return endpoint
    }
  }
  return null
}

type Node = {
  nodeName: string
  tagName?: string
  attrs?: { name: string; value: string }[]
  childNodes?: Node[]
}

const relTokens = (value: string) => value.toLowerCase().split(/[\t\n\f\r ]+/)

/**
 * The first <link> or <a> with rel="webmention" (one of its space-separated
 * values, exactly) and an href attribute, in document order. Parsed, not
 * searched: a comment or escaped markup that looks like such a tag is text.
 * Template contents are not part of the document and are not walked.
 */
export function endpointFromHtml(html: string, base: string): string | null {
  const stack: Node[] = [parse(html) as unknown as Node]
  while (stack.length > 0) {
    const node = stack.pop() as Node
    if (node.tagName === 'link' || node.tagName === 'a') {
      const rel = node.attrs?.find((a) => a.name === 'rel')?.value
      const href = node.attrs?.find((a) => a.name === 'href')?.value
      if (rel !== undefined && href !== undefined && relTokens(rel).includes(WEBMENTION)) {
        const endpoint = absolute(href, base)
        if (endpoint) return endpoint
      }
    }
    // Children pushed last-first, so they come off the stack in document order.
    const children = node.childNodes ?? []
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node)
  }
  return null
}

/** Fetches the target once (webmention.rocks test 23 lets each URL be fetched once) and looks. */
export async function discoverEndpoint(
  target: string,
  options: SafeFetchOptions = {},
): Promise<Discovery> {
  const page = await safeFetch(target, options)
  if (!page.ok) return { found: false, page }
  const endpoint =
    endpointFromLinkHeaders(page.headers.link, page.finalUrl) ??
    (page.html !== null ? endpointFromHtml(page.html, page.finalUrl) : null)
  return endpoint ? { found: true, endpoint, page } : { found: false, page }
}
