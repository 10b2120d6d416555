import { safeFetch, type FetchedPage, type SafeFetchOptions } from '../../net/safe-fetch'
import { discoverEndpoint } from './discover'

/*
 * One Webmention, W3C Webmention 3.1: discover the target's endpoint, then POST
 * `source` and `target` form-encoded to it. Both requests go through safeFetch,
 * so the allow-list, the address refusal and the time and size limits apply to
 * the target and to the endpoint alike. Any 2xx is a success (3.1.3: 200, 201
 * and 202 all are). What the attempt came to is an Attempt, which the caller
 * records and, when `retry` says so, tries again later through the outbox.
 */

export const SEND_OUTCOMES = ['sent', 'no-endpoint', 'failed', 'refused', 'skipped'] as const
export type SendOutcome = (typeof SEND_OUTCOMES)[number]

export type Attempt = {
  outcome: SendOutcome
  endpoint: string | null
  httpStatus: number | null
  /** In words, for the author. */
  detail: string | null
  /** A failure that may pass later (a time-out, a 5xx): the outbox runs the job again. */
  retry: boolean
}

/** Names the site (the origin of every source we send) to receivers and their logs. */
export const sendUserAgent = (siteUrl: string): string =>
  `RedGreenRepeat-Webmention/1.0 (+${new URL(siteUrl).origin})`

/** What a fetch that got no answer means for an attempt. */
function unanswered(
  page: Extract<FetchedPage, { ok: false }>,
  what: 'target' | 'endpoint',
  endpoint: string | null,
): Attempt {
  const base = { endpoint, httpStatus: null }
  switch (page.reason) {
    case 'scheme':
      return {
        ...base,
        outcome: 'refused',
        detail: `the ${what} is not an http(s) URL`,
        retry: false,
      }
    case 'refused-address':
      return {
        ...base,
        outcome: 'refused',
        detail: `the ${what} points to an internal address`,
        retry: false,
      }
    case 'limited':
      return {
        ...base,
        outcome: 'refused',
        detail: `the ${what} is not in OUTBOUND_ALLOW (outbound requests are limited)`,
        retry: false,
      }
    case 'too-many-redirects':
      return { ...base, outcome: 'failed', detail: `the ${what} redirects too often`, retry: false }
    case 'timeout':
      return { ...base, outcome: 'failed', detail: `the ${what} timed out`, retry: true }
    case 'dns':
      return {
        ...base,
        outcome: 'failed',
        detail: `the ${what}'s domain does not resolve`,
        retry: true,
      }
    case 'network':
      return { ...base, outcome: 'failed', detail: `could not connect to the ${what}`, retry: true }
  }
}

/** A server error or "too many requests" may pass; any other status will not. */
const passing = (status: number) => status >= 500 || status === 429

/** Discovers the target's endpoint and sends it the Webmention. Never throws for the remote side. */
export async function sendWebmention(
  source: string,
  target: string,
  options: SafeFetchOptions = {},
): Promise<Attempt> {
  const fetchOptions = { ...options, userAgent: options.userAgent ?? sendUserAgent(source) }
  const discovery = await discoverEndpoint(target, fetchOptions)
  if (!discovery.found) {
    const { page } = discovery
    if (!page.ok) return unanswered(page, 'target', null)
    if (passing(page.status)) {
      return {
        outcome: 'failed',
        endpoint: null,
        httpStatus: page.status,
        detail: `the target answered HTTP ${page.status}`,
        retry: true,
      }
    }
    return {
      outcome: 'no-endpoint',
      endpoint: null,
      httpStatus: page.status,
      detail:
        page.status >= 200 && page.status < 300
          ? 'the target advertises no Webmention endpoint'
          : `the target answered HTTP ${page.status} and advertises no Webmention endpoint`,
      retry: false,
    }
  }

  const { endpoint } = discovery
  // The endpoint URL exactly as found: its query string stays in the URL, never in the body.
  const answer = await safeFetch(endpoint, {
    ...fetchOptions,
    post: {
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ source, target }).toString(),
    },
  })
  if (!answer.ok) return unanswered(answer, 'endpoint', endpoint)
  const status = answer.status
  if (status >= 200 && status < 300) {
    return { outcome: 'sent', endpoint, httpStatus: status, detail: null, retry: false }
  }
  return {
    outcome: 'failed',
    endpoint,
    httpStatus: status,
    detail: `the endpoint answered HTTP ${status}`,
    retry: passing(status),
  }
}
