import { domainToUnicode } from 'node:url'
import ipaddr from 'ipaddr.js'
import { parse as parseDomain } from 'tldts'
import { hasBidiControls } from '../text/disguise'
import { isAllowedTarget } from '../net/outbound-allow'

export const MAX_URL_LENGTH = 2048

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string }

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u]

/** A label that mixes Latin with Cyrillic or Greek letters is the classic homograph trick. */
function mixesScripts(label: string): boolean {
  return SCRIPTS.filter((script) => script.test(label)).length > 1
}

const stripWww = (host: string) => host.replace(/^www\./, '')

/**
 * Accepts only links a reader could reasonably publish a story at: http(s), a
 * public DNS name, no credentials, and not this site. The link check fetches it
 * (through lib/net/safe-fetch.ts, which checks addresses again) and the author
 * will click it, so internal addresses are refused unless OUTBOUND_ALLOW names them.
 */
export function checkSubmittedUrl(raw: string, ownHost: string): UrlCheck {
  if (raw.length > MAX_URL_LENGTH) {
    return { ok: false, message: `The link is too long: at most ${MAX_URL_LENGTH} characters.` }
  }
  // WHATWG URL parsing silently drops tabs and newlines, so look before parsing.
  // Bidi controls would make the address read differently from where it goes.
  if (CONTROL_CHARACTERS.test(raw) || /\s/.test(raw) || hasBidiControls(raw)) {
    return {
      ok: false,
      message: 'The link cannot contain spaces, line breaks or control characters.',
    }
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, message: 'Enter a full link, starting with https://' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'Only http and https links are accepted.' }
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Links with a user name or password in them are not accepted.' }
  }
  const host = url.hostname.toLowerCase()
  if (stripWww(host) === stripWww(ownHost.toLowerCase())) {
    return { ok: false, message: 'That link points to this blog. Send a link to your own story.' }
  }
  // An operator-allowed internal target (OUTBOUND_ALLOW: an intranet, the tests).
  if (isAllowedTarget(url)) return { ok: true, url }
  if (host.startsWith('[') || ipaddr.isValid(host)) {
    return { ok: false, message: 'Use the site’s domain name, not an IP address.' }
  }
  const domain = parseDomain(host)
  // .arpa is infrastructure: home.arpa names machines on a home network (RFC 8375).
  if (!domain.isIcann || !domain.domain || domain.isIp || /\.$|\.arpa$/.test(host)) {
    return { ok: false, message: 'The link must point to a public website.' }
  }
  if (domainToUnicode(host).split('.').some(mixesScripts)) {
    return {
      ok: false,
      message: 'The address mixes alphabets in a way used to imitate other sites.',
    }
  }
  return { ok: true, url }
}

/** Hosts are always shown in their ASCII (punycode) form, so look-alikes stay visible. */
export const displayHost = (url: string): string => new URL(url).hostname
