import ipaddr from 'ipaddr.js'
import { parse as parseDomain } from 'tldts'
import { isPublicAddress } from '../../net/address-policy'
import { isAllowedTarget } from '../../net/outbound-allow'
import type { SafeFetchOptions } from '../../net/safe-fetch'

/**
 * What sending needs: whether it is on (WEBMENTION_SEND), the site's address
 * (every source is one of its posts) and the fetch policy. The app builds it
 * from the environment (lib/jobs/webmention-send-jobs.ts); tests add a resolver.
 */
export type SendContext = {
  siteUrl: string
  enabled: boolean
  /** Tests inject a resolver and an allow-list here; the app uses the defaults (env). */
  fetch?: SafeFetchOptions
}

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

/**
 * How a send job reads a post's public list. The app installs a reader of the
 * very cache its post pages render from (app/_lib/public-list-invalidation.ts),
 * so a job sees what a visitor, or a receiver that verifies, would see. Without
 * one (the command-line scripts), the job reads the list from the database.
 */
export type PublicListReader = (postSlug: string) => Promise<{ id: number }[]>

const holder = globalThis as typeof globalThis & { __rgrPublicListReader?: PublicListReader }

export function setPublicListReader(reader: PublicListReader | undefined): void {
  holder.__rgrPublicListReader = reader
}

export const installedPublicListReader = (): PublicListReader | undefined =>
  holder.__rgrPublicListReader

/** Why nothing is sent, or null when sending is on. */
export function sendingOffReason(ctx: Pick<SendContext, 'siteUrl' | 'enabled'>): string | null {
  if (!ctx.enabled) return 'sending is off (WEBMENTION_SEND=false)'
  if (!siteIsReachable(ctx.siteUrl)) {
    return `SITE_URL (${new URL(ctx.siteUrl).host}) is not a public address: no receiver could fetch the post`
  }
  return null
}
