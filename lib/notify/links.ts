import type { SubmissionDetails } from './submission-details'
import { createOneClickToken, type OneClickAction } from './tokens'

/**
 * The /admin queue for the submission's post, starting at its row, scrolled to
 * it (each row carries id="submission-<id>").
 */
export function adminItemUrl(
  site: URL,
  s: Pick<SubmissionDetails, 'id' | 'postSlug' | 'queueCursor'>,
): string {
  const url = new URL('/admin', site)
  url.searchParams.set('post', s.postSlug)
  url.searchParams.set('after', s.queueCursor)
  url.hash = `submission-${s.id}`
  return url.toString()
}

export const postUrl = (site: URL, slug: string): string =>
  new URL(`/posts/${slug}`, site).toString()

/** The page a one-click link opens; the action is in the path and inside the token. */
export const oneClickPath = (action: OneClickAction, token: string): string =>
  `/moderate/${action}/${token}`

/** Approve and reject links for one submission, or none without AUTH_SECRET. */
export function oneClickUrls(
  site: URL,
  secret: string | undefined,
  submissionId: number,
  now = Date.now(),
): { approve: string; reject: string } | undefined {
  if (!secret) return undefined
  const make = (action: OneClickAction) =>
    new URL(
      oneClickPath(action, createOneClickToken(secret, { submissionId, action, now })),
      site,
    ).toString()
  return { approve: make('approve'), reject: make('reject') }
}
