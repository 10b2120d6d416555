import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { Agent, buildConnector, request, type Dispatcher } from 'undici'
import { env } from '../env'
import { addressRange, isPublicAddress } from './address-policy'
import { outboundAllowList, targetKey, type OutboundAllowList } from './outbound-allow'

/**
 * The one way this app fetches a URL that a reader or a Webmention sender gave
 * it, or posts to one (a Webmention it sends). It resolves the name itself and
 * connects only to the address it checked (the check runs inside undici's
 * connector, for every connection, so a DNS answer cannot change between the
 * check and the connect), follows at most MAX_REDIRECTS redirects (each one
 * checked the same way), gives up after TIMEOUT_MS in all, and reads at most
 * MAX_BODY_BYTES of an HTML body.
 */
export const MAX_REDIRECTS = 5
export const TIMEOUT_MS = 5_000
export const MAX_BODY_BYTES = 1024 * 1024

export type ResolvedAddress = { address: string; family: number }
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

export type SafeFetchOptions = {
  /** DNS resolution; tests inject one so no real lookup (or connection) happens. */
  resolve?: Resolver
  allow?: OutboundAllowList
  /** Reach only the allow-list's targets: nothing is resolved or connected otherwise. */
  allowOnly?: boolean
  timeoutMs?: number
  maxBodyBytes?: number
  userAgent?: string
  /**
   * POST this body instead of GETting (a Webmention). Redirects go as the Fetch
   * standard says: 307 and 308 repeat the POST at the new address, 301, 302 and
   * 303 continue there as a GET without the body.
   */
  post?: { contentType: string; body: string }
}

export type FetchFailureReason =
  | 'scheme'
  | 'refused-address'
  /** OUTBOUND_ALLOW_ONLY and a name not on the allow-list: nothing was looked up or fetched. */
  | 'limited'
  | 'dns'
  | 'too-many-redirects'
  | 'timeout'
  | 'network'

export type FetchedPage =
  | {
      ok: true
      status: number
      /** The URL that answered last, after redirects. */
      finalUrl: string
      redirects: string[]
      contentType: string | null
      /** The last answer's headers, names in lower case; a repeated header is an array. */
      headers: Readonly<Record<string, string | string[] | undefined>>
      /** The decoded body when the answer was a 2xx HTML page; null otherwise. */
      html: string | null
      /** Whether the HTML body was longer than the limit and was cut. */
      truncated: boolean
    }
  | {
      ok: false
      reason: FetchFailureReason
      message: string
      finalUrl: string
      redirects: string[]
    }

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i

export class RefusedAddressError extends Error {
  readonly code: string = 'ERR_REFUSED_ADDRESS'
}

/** Not refused for what the name is, but because outbound fetches are limited to the allow-list. */
export class OutboundLimitedError extends RefusedAddressError {
  override readonly code = 'ERR_OUTBOUND_LIMITED'
}

const defaultResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true })

export function siteUserAgent(): string {
  return `RedGreenRepeat-LinkCheck/1.0 (+${env().SITE_URL})`
}

/**
 * Resolves `hostname` and returns the one address to connect to, or throws.
 * Every address the name resolves to must pass: a name that mixes a public and a
 * private address is refused rather than raced.
 */
export async function checkedAddress(
  hostname: string,
  port: number,
  resolve: Resolver,
  allow: OutboundAllowList,
  allowOnly = false,
): Promise<string> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1')
  const nameAllowed = allow.has(targetKey(host, port))
  if (allowOnly && !nameAllowed) {
    throw new OutboundLimitedError(`not fetched: ${host}:${port} is not in OUTBOUND_ALLOW`)
  }
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host)
  if (addresses.length === 0) throw new Error(`${host} has no address`)
  for (const { address } of addresses) {
    if (nameAllowed || allow.has(targetKey(address, port)) || isPublicAddress(address)) continue
    throw new RefusedAddressError(
      `refused to connect to ${host} (${address}, ${addressRange(address)} address)`,
    )
  }
  return (addresses[0] as ResolvedAddress).address
}

/** An undici connector that connects only to the address checkedAddress() approved. */
function guardedConnector(
  resolve: Resolver,
  allow: OutboundAllowList,
  allowOnly: boolean,
  timeout: number,
) {
  const connect = buildConnector({ timeout })
  return (options: buildConnector.Options, callback: buildConnector.Callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80)
    checkedAddress(options.hostname, port, resolve, allow, allowOnly).then(
      // `host` keeps the name, so TLS still verifies the certificate for it (SNI).
      (address) => connect({ ...options, hostname: address }, callback),
      (error: Error) => callback(error, null),
    )
  }
}

function charsetOf(contentType: string | null): string {
  const match = /charset=["']?([\w-]+)/i.exec(contentType ?? '')
  return match?.[1] ?? 'utf-8'
}

function decode(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  max: number,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = max - size
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room))
      size += room
      // Stop reading: the rest of the body is never downloaded.
      body.destroy()
      return { bytes: Buffer.concat(chunks, size), truncated: true }
    }
    chunks.push(chunk)
    size += chunk.length
  }
  return { bytes: Buffer.concat(chunks, size), truncated: false }
}

function failure(
  reason: FetchFailureReason,
  message: string,
  finalUrl: string,
  redirects: string[],
): FetchedPage {
  return { ok: false, reason, message, finalUrl, redirects }
}

function classify(error: unknown, signal: AbortSignal): [FetchFailureReason, string] {
  const chain: unknown[] = []
  for (let e: unknown = error; e && chain.length < 5; e = (e as { cause?: unknown }).cause) {
    chain.push(e)
  }
  const limited = chain.find((e) => e instanceof OutboundLimitedError)
  if (limited) return ['limited', limited.message]
  if (chain.some((e) => e instanceof RefusedAddressError)) {
    const refused = chain.find((e) => e instanceof RefusedAddressError) as RefusedAddressError
    return ['refused-address', refused.message]
  }
  if (signal.aborted) return ['timeout', 'the page took too long to answer']
  const codes = chain.map((e) => (e as { code?: string }).code)
  if (codes.some((c) => c === 'ENOTFOUND' || c === 'EAI_AGAIN')) {
    return ['dns', 'the domain name does not resolve']
  }
  if (codes.some((c) => c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT')) {
    return ['timeout', 'the page took too long to answer']
  }
  const message = error instanceof Error ? error.message : String(error)
  return ['network', message || 'the connection failed']
}

/**
 * GETs (or, with `post`, POSTs to) a URL under the policy above. Never throws
 * for anything the remote side does: every outcome is a FetchedPage.
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES
  const allow = options.allow ?? outboundAllowList()
  const signal = AbortSignal.timeout(timeoutMs)
  const agent = new Agent({
    connect: guardedConnector(
      options.resolve ?? defaultResolver,
      allow,
      options.allowOnly ?? env().OUTBOUND_ALLOW_ONLY,
      timeoutMs,
    ),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  const redirects: string[] = []
  let current = url
  let post = options.post
  try {
    for (;;) {
      let target: URL
      try {
        target = new URL(current)
      } catch {
        return failure('scheme', 'not a valid URL', current, redirects)
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return failure('scheme', `${target.protocol} links are not fetched`, current, redirects)
      }
      if (target.username || target.password) {
        return failure('scheme', 'links with credentials are not fetched', current, redirects)
      }
      target.hash = ''
      const response = await request(target, {
        method: post ? 'POST' : 'GET',
        dispatcher: agent,
        signal,
        headers: {
          'user-agent': options.userAgent ?? siteUserAgent(),
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          ...(post ? { 'content-type': post.contentType } : {}),
        },
        ...(post ? { body: post.body } : {}),
      })
      const location = response.headers.location
      if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === 'string') {
        await response.body.dump()
        if (response.statusCode !== 307 && response.statusCode !== 308) post = undefined
        if (redirects.length >= MAX_REDIRECTS) {
          return failure(
            'too-many-redirects',
            `more than ${MAX_REDIRECTS} redirects`,
            target.href,
            redirects,
          )
        }
        current = new URL(location, target).href
        redirects.push(current)
        continue
      }
      const contentType = [response.headers['content-type']].flat()[0] ?? null
      const isHtml = HTML_TYPES.test(contentType ?? '')
      const success = response.statusCode >= 200 && response.statusCode < 300
      if (!isHtml || !success) {
        await response.body.dump()
        return {
          ok: true,
          status: response.statusCode,
          finalUrl: target.href,
          redirects,
          contentType,
          headers: response.headers,
          html: null,
          truncated: false,
        }
      }
      const { bytes, truncated } = await readCapped(response.body, maxBody)
      return {
        ok: true,
        status: response.statusCode,
        finalUrl: target.href,
        redirects,
        contentType,
        headers: response.headers,
        html: decode(bytes, charsetOf(contentType)),
        truncated,
      }
    }
  } catch (error) {
    const [reason, message] = classify(error, signal)
    return failure(reason, message, current, redirects)
  } finally {
    agent.destroy().catch(() => undefined)
  }
}
