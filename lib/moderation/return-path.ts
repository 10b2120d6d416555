/** What a page without JavaScript is told after a move (lib/moderation/requests.ts). */
const ANSWER_PARAMS = ['done', 'n', 'undo'] as const
type Answer = Partial<Record<(typeof ANSWER_PARAMS)[number], string>>

/**
 * Where to send the author after a move made without JavaScript: back to the
 * /admin view they acted from (filters and page kept), read from the request's
 * Referer and accepted only when it is a path under /admin, with the answer in
 * the query. Any earlier answer is replaced by the new one.
 */
export function adminReturnPath(referer: string | null): {
  with(answer: Answer): string
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
  for (const param of [...ANSWER_PARAMS, 'restored']) url.searchParams.delete(param)
  return {
    with(answer) {
      const next = new URL(url)
      for (const [param, value] of Object.entries(answer)) {
        if (value !== undefined) next.searchParams.set(param, value)
      }
      return `${next.pathname}${next.search}`
    },
  }
}
