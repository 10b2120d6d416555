'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { authorAction } from '@/app/_lib/author-action'
import { checkSubmissionLink } from '@/lib/links/check'
import { appLinkCheckContext } from '@/lib/links/context'

const request = z.object({
  id: z.coerce
    .number({ error: 'no such submission' })
    .int('no such submission')
    .positive('no such submission')
    .max(2_147_483_647, 'no such submission'),
})

/**
 * "Check again": fetches the link now (at most 5 s, through the safe fetcher)
 * and shows the new check. What a failing check may do about the public lists
 * is the link-check signal's business (lib/links/signal.ts), as for the
 * scheduled re-checks.
 */
export const checkAgainAction = authorAction(
  request,
  (form) => ({ id: form.get('id') }),
  async ({ id }, { db }) => {
    const result = await checkSubmissionLink(db, id, appLinkCheckContext())
    revalidatePath('/admin')
    if (!result) return { error: true, message: 'Nothing checked: no such submission.' }
    if (!result.checked)
      return { error: true, message: 'Not checked: outbound fetches are limited.' }
    return {
      error: !result.reachable,
      message: result.reachable ? 'Checked: reachable.' : 'Checked: not reachable.',
    }
  },
  'checkAgainAction',
)
