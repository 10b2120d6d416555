import { env } from '../env'

/**
 * OUTBOUND_ALLOW: `host:port` targets that the fetcher may reach, and the URL
 * policy accepts, although they are loopback or private (a self-hosted intranet,
 * or the local stand-in servers of the tests). Empty by default: nothing internal.
 */
export type OutboundAllowList = ReadonlySet<string>

const stripBrackets = (host: string) => host.replace(/^\[(.*)\]$/, '$1')

/** `host:port` with the host lower-cased and an IPv6 address without brackets. */
export const targetKey = (host: string, port: number | string): string =>
  `${stripBrackets(host.toLowerCase())}:${port}`

export function parseOutboundAllow(raw: string | undefined): OutboundAllowList {
  const keys = new Set<string>()
  for (const entry of (raw ?? '').split(',')) {
    const match = /^(.+):(\d{1,5})$/.exec(entry.trim())
    if (match?.[1] && match[2]) keys.add(targetKey(match[1], Number(match[2])))
  }
  return keys
}

export function outboundAllowList(): OutboundAllowList {
  return parseOutboundAllow(env().OUTBOUND_ALLOW)
}

/** The port a URL reaches, with the scheme's default filled in. */
export const effectivePort = (url: URL): number =>
  url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80

/** Whether the operator allowed this URL's host:port as an internal target. */
export const isAllowedTarget = (url: URL, allow: OutboundAllowList = outboundAllowList()) =>
  allow.has(targetKey(url.hostname, effectivePort(url)))
