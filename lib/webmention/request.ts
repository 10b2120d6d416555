import { getDomain } from 'tldts'
import { checkSubmittedUrl, MAX_URL_LENGTH } from '../submissions/url-policy'

/**
 * The synchronous half of receiving a Webmention (W3C Webmention, 3.2): what can
 * be decided from the request alone. Anything refused here gets a 400 with the
 * reason in plain words; the source is fetched later (lib/webmention/verify.ts).
 */
export type WebmentionRequest = {
  source: string
  target: string
  postSlug: string
  /** The rate-limit key: the source's registrable domain (or its host). */
  sourceDomain: string
}

export type RequestCheck = { ok: true; request: WebmentionRequest } | { ok: false; reason: string }

export type RequestContext = {
  siteUrl: string
  /** Whether the slug names a published post that takes reader links. */
  acceptsLinks: (slug: string) => boolean | Promise<boolean>
}

function parseUrl(name: string, raw: unknown): URL | string {
  if (typeof raw !== 'string' || raw.trim() === '') return `The ${name} parameter is missing.`
  if (raw.length > MAX_URL_LENGTH) return `The ${name} URL is too long.`
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return `The ${name} is not a valid URL.`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The ${name} URL must use http or https.`
  }
  return url
}

const sameWithoutFragment = (a: URL, b: URL) => {
  const strip = (u: URL) => `${u.protocol}//${u.host}${u.pathname}${u.search}`
  return strip(a) === strip(b)
}

export async function checkWebmentionRequest(
  body: { source?: unknown; target?: unknown },
  ctx: RequestContext,
): Promise<RequestCheck> {
  const source = parseUrl('source', body.source)
  if (typeof source === 'string') return { ok: false, reason: source }
  const target = parseUrl('target', body.target)
  if (typeof target === 'string') return { ok: false, reason: target }
  if (sameWithoutFragment(source, target)) {
    return { ok: false, reason: 'The source and the target are the same URL.' }
  }

  const site = new URL(ctx.siteUrl)
  const strip = (host: string) => host.toLowerCase().replace(/^www\./, '')
  const match = /^\/posts\/([a-z0-9-]{1,200})\/?$/.exec(target.pathname)
  if (strip(target.host) !== strip(site.host) || !match?.[1] || target.search) {
    return { ok: false, reason: 'The target is not a post on this site.' }
  }
  const postSlug = match[1]
  if (!(await ctx.acceptsLinks(postSlug))) {
    return { ok: false, reason: 'The target is not a post that accepts Webmentions.' }
  }

  // The source obeys the same policy as a link sent through the form.
  const policy = checkSubmittedUrl(source.href, site.hostname)
  if (!policy.ok) return { ok: false, reason: `The source is refused: ${policy.message}` }
  const sourceDomain = getDomain(source.hostname) ?? source.hostname.toLowerCase()
  return {
    ok: true,
    request: {
      source: source.href,
      target: new URL(`/posts/${postSlug}`, site).href,
      postSlug,
      sourceDomain,
    },
  }
}
