'use server'

import { redirect } from 'next/navigation'
import { invalidateAfterModeration } from '@/app/_lib/moderation-cache'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import { prepareServerWork } from '@/app/_lib/server-work'
import { getDatabase } from '@/lib/db'
import { withdrawLink, type WithdrawOutcome } from '@/lib/reader-status/withdraw'
import { isReceiptToken, statusPath } from '@/lib/receipts/token'

/**
 * "Withdraw my link" on a reader's private status page. No session, by design:
 * the token in the form (the page's own capability URL) is the authority, as a
 * one-click link's is. Cross-site posts never get here (proxy.ts checks Origin
 * on every POST). Answered with a redirect back to the page in every case, so
 * it works the same without JavaScript (post/redirect/get); the page then says
 * what happened, from the row itself.
 */
export async function withdrawLinkAction(form: FormData): Promise<void> {
  const token = form.get('token')
  // Not a token: its page is a 404, and nothing was looked up.
  if (!isReceiptToken(token)) redirect('/links/status/not-a-token')
  prepareServerWork()
  let outcome: WithdrawOutcome | 'unavailable'
  try {
    const { db } = await getDatabase()
    outcome = await withdrawLink(db, token)
  } catch (error) {
    console.error('withdrawLinkAction: could not withdraw a link:', error)
    outcome = 'unavailable'
  }
  if (outcome !== 'unavailable' && outcome.status === 'withdrawn' && outcome.changed) {
    // Off the post at once; the update Webmention and the author's webhook go out after the answer.
    await invalidateAfterModeration({ changed: 1, publicSlugs: outcome.publicSlugs })
    drainAfterResponse()
  }
  redirect(`${statusPath(token)}?${outcome === 'unavailable' ? 'failed=1' : 'withdrawn=1'}`)
}
