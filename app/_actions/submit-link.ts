'use server'

import { headers } from 'next/headers'
import { getDatabase } from '@/lib/db'
import { env, ipHashSalt, siteUrl } from '@/lib/env'
import { getPost } from '@/lib/posts'
import type { LinkFormState } from '@/lib/submissions/form-state'
import { clientIp, hashIp } from '@/lib/submissions/ip-hash'
import { submitLink } from '@/lib/submissions/submit-link'

/**
 * A reader sends a link. Public by design (no session): the lib checks the
 * honeypot, validates, rate-limits and stores. Nothing public changes (the row
 * is pending), so nothing is revalidated.
 */
export async function submitLinkAction(
  _previous: LinkFormState,
  formData: FormData,
): Promise<LinkFormState> {
  const requestHeaders = await headers()
  const { RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS } = env()
  return submitLink(Object.fromEntries(formData), {
    database: async () => (await getDatabase()).db,
    ipHash: hashIp(clientIp(requestHeaders), ipHashSalt()),
    ownHost: siteUrl().hostname,
    rateLimit: { max: RATE_LIMIT_MAX, windowSeconds: RATE_LIMIT_WINDOW_SECONDS },
    acceptsLinks: async (slug) => (await getPost(slug))?.readerLinks === true,
    onError: (error) => console.error('submitLinkAction: could not store a submission:', error),
  })
}
