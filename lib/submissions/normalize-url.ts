import normalizeUrl from 'normalize-url'

/**
 * The de-duplication key for a link: the same story sent as
 * HTTPS://Example.com:443/story/?utm_source=x#top and https://example.com/story
 * is one submission. The scheme is kept (http and https can differ) and so is
 * "www." (it can be a different site).
 */
export function normalizeSubmittedUrl(url: string): string {
  const normalized = normalizeUrl(url, {
    normalizeProtocol: false,
    forceHttps: false,
    stripWWW: false,
    stripHash: true,
    stripTextFragment: true,
    removeQueryParameters: [/^utm_\w+/i, /^fbclid$/i, /^gclid$/i],
    removeTrailingSlash: true,
    removeSingleSlash: true,
    removeDirectoryIndex: false,
    sortQueryParameters: false,
    stripAuthentication: false,
    removeExplicitPort: false,
  })
  // An empty query ("/a?") is the same address as none.
  return normalized.replace(/\?$/, '')
}
