import ipaddr from 'ipaddr.js'
import { parse as parseDomain } from 'tldts'
import { env } from '../../env'
import { isPublicAddress } from '../../net/address-policy'
import { isAllowedTarget } from '../../net/outbound-allow'
import type { SafeFetchOptions } from '../../net/safe-fetch'

/** What sending needs: the site's address (every source is one of its posts) and the fetch policy. */
export type SendContext = {
  siteUrl: string
  /** Tests inject a resolver and an allow-list here; the app uses the defaults (env). */
  fetch?: SafeFetchOptions
}

export const appSendContext = (): SendContext => ({ siteUrl: env().SITE_URL })

/**
 * Whether a receiver could fetch the site to verify a mention: a public domain
 * or address, or a host:port that OUTBOUND_ALLOW names (a closed network, the
 * tests). `next dev` on localhost and the end-to-end servers are not, so they
 * send nothing.
 */
export function siteIsReachable(siteUrl: string): boolean {
  const url = new URL(siteUrl)
  if (isAllowedTarget(url)) return true
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (ipaddr.isValid(host)) return isPublicAddress(host)
  const domain = parseDomain(host)
  return Boolean(domain.isIcann && domain.domain)
}

/** Why nothing is sent, or null when sending is on. */
export function sendingOffReason(siteUrl = env().SITE_URL): string | null {
  if (!env().WEBMENTION_SEND) return 'sending is off (WEBMENTION_SEND=false)'
  if (!siteIsReachable(siteUrl)) {
    return `SITE_URL (${new URL(siteUrl).host}) is not a public address: no receiver could fetch the post`
  }
  return null
}
