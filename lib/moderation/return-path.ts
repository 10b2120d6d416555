/**
 * Where to send the author after a delete or restore: back to the /admin view
 * they acted from (filters and page kept), read from the request's Referer and
 * accepted only when it is a path under /admin. Any earlier confirmation
 * (?undo=, ?restored=) is replaced by the new one.
 */
export function adminReturnPath(referer: string | null): {
  with(param: 'undo' | 'restored', ids: number[]): string
} {
  let url = new URL('/admin', 'http://admin.invalid')
  if (referer) {
    try {
      const candidate = new URL(referer)
      if (candidate.pathname === '/admin') url = new URL(candidate.pathname + candidate.search, url)
    } catch {
      // keep /admin
    }
  }
  url.searchParams.delete('undo')
  url.searchParams.delete('restored')
  return {
    with(param, ids) {
      const next = new URL(url)
      next.searchParams.set(param, ids.join(','))
      return `${next.pathname}${next.search}`
    },
  }
}
