import ipaddr from 'ipaddr.js'
import { env } from '../env'

/**
 * The one place that decides which client a request came from, for rate limits
 * and sign-in limits. Only the hashed result is ever stored.
 *
 * X-Forwarded-For is a list that every proxy appends to: the address of the
 * peer that connected to it. Entries on the left were written by whoever sent
 * the request, so only entries added by proxies we run can be believed. With
 * `trustedHops` proxies in front of the app, each appending, the client is the
 * entry `trustedHops` from the right. `next start` fills the header from the
 * socket only when it is missing, so with no proxy (or a proxy that overwrites
 * the header with the peer address) there is one entry and one hop: the default.
 *
 * On Vercel the platform overwrites X-Real-IP with the connecting address and
 * clients cannot set it, so it is the answer there.
 */
export type ClientAddressOptions = { trustedHops: number; onVercel: boolean }

type HeaderSource = { get(name: string): string | null }

/** The bucket every unreadable address shares, so garbage never earns a fresh limit. */
export const UNKNOWN_CLIENT = 'unknown'

export function clientAddress(headers: HeaderSource, options: ClientAddressOptions): string {
  if (options.onVercel) return normalizeClientAddress(headers.get('x-real-ip') ?? '')
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (entries.length === 0) return UNKNOWN_CLIENT
  // Fewer entries than trusted hops: the request skipped an outer proxy; the
  // leftmost entry was still written by a proxy we run.
  const index = Math.max(0, entries.length - Math.max(1, options.trustedHops))
  return normalizeClientAddress(entries[index] ?? '')
}

/** The client address of a request, as this deployment's environment says to read it. */
export function requestClientAddress(headers: HeaderSource): string {
  const { TRUST_PROXY_HOPS, VERCEL } = env()
  return clientAddress(headers, { trustedHops: TRUST_PROXY_HOPS, onVercel: Boolean(VERCEL) })
}

/** `[::1]:443` → `::1`, `10.0.0.1:1234` → `10.0.0.1`, `fe80::1%eth0` → `fe80::1`. */
function stripDecorations(raw: string): string {
  let text = raw.trim()
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text)
  if (bracketed) text = bracketed[1] ?? ''
  else if (/^[^:]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'))
  const zone = text.indexOf('%')
  if (zone !== -1) text = text.slice(0, zone)
  return text
}

/** Strict IPv4: four decimal octets, no leading zeros, no shorthand forms like `167772161`. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/**
 * One spelling per client: IPv4-mapped IPv6 becomes IPv4, IPv6 is cut to its
 * /64 (one subscriber usually holds a whole /64), and anything that is not a
 * plain address (`010.0.0.1`, `167772161`, `foo`) goes to the shared bucket.
 */
export function normalizeClientAddress(raw: string): string {
  const text = stripDecorations(raw)
  if (IPV4.test(text)) return ipaddr.IPv4.parse(text).toString()
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return UNKNOWN_CLIENT
  let address: ipaddr.IPv6
  try {
    address = ipaddr.IPv6.parse(text)
  } catch {
    return UNKNOWN_CLIENT
  }
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString()
  const parts = address.toByteArray().slice(0, 8).concat(new Array<number>(8).fill(0))
  return `${ipaddr.fromByteArray(parts).toString()}/64`
}
