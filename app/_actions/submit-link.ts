'use server'

import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { refreshReaderLinks } from '@/app/_lib/refresh-reader-links'
import { getDatabase } from '@/lib/db'
import { env, ipHashSalt, isProduction, siteUrl } from '@/lib/env'
import { getPost } from '@/lib/posts'
import { FLASH_COOKIE, FLASH_MAX_AGE_SECONDS, encodeFlash } from '@/lib/submissions/flash'
import type { LinkFormState } from '@/lib/submissions/form-state'
import { requestClientAddress } from '@/lib/http/client-address'
import { hashIp } from '@/lib/submissions/ip-hash'
import { submitLink } from '@/lib/intake/form'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import { prepareServerWork } from '@/app/_lib/server-work'

/**
 * A reader sends a link. Public by design (no session): the lib checks the
 * honeypot, validates, rate-limits and stores. Nothing public changes (the row
 * is pending) unless a trusted-domain rule approved it, which refreshes the post's list.
 */
export async function submitLinkAction(
  _previous: LinkFormState,
  formData: FormData,
): Promise<LinkFormState> {
  prepareServerWork()
  const requestHeaders = await headers()
  const { RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS } = env()
  let slug: string | undefined
  const state = await submitLink(Object.fromEntries(formData), {
    database: async () => (await getDatabase()).db,
    ipHash: hashIp(requestClientAddress(requestHeaders), ipHashSalt()),
    ownHost: siteUrl().hostname,
    rateLimit: { max: RATE_LIMIT_MAX, windowSeconds: RATE_LIMIT_WINDOW_SECONDS },
    acceptsLinks: async (candidate) => {
      const accepts = (await getPost(candidate))?.readerLinks === true
      if (accepts) slug = candidate
      return accepts
    },
    onError: (error) => console.error('submitLinkAction: could not store a submission:', error),
    onPublished: (published) => refreshReaderLinks([published]),
  })
  // A stored submission queued its checks and notifications: run them once the reader has the answer.
  if (state.status === 'success') drainAfterResponse()
  // With JavaScript the client calls the action with fetch (Next-Action header)
  // and useActionState shows the answer. Without it, the browser posted the form:
  // answer with a redirect to the post and carry the answer in a cookie.
  if (requestHeaders.has('next-action') || !slug) return state
  const path = `/posts/${slug}`
  ;(await cookies()).set(FLASH_COOKIE, encodeFlash(state), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isProduction() && siteUrl().protocol === 'https:',
    path,
    maxAge: FLASH_MAX_AGE_SECONDS,
  })
  redirect(`${path}#send-link`)
}
