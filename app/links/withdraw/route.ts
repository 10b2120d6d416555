import { revalidatePath } from 'next/cache'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import { prepareServerWork } from '@/app/_lib/server-work'
import { getDatabase } from '@/lib/db'
import { withdrawLink, type WithdrawOutcome } from '@/lib/reader-status/withdraw'
import { isReceiptToken, statusPath } from '@/lib/receipts/token'
import { publicListsChanged } from '@/lib/visibility/events'

const PRIVATE = { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' }

const text = (status: number, body: string) =>
  new Response(`${body}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...PRIVATE },
  })

/** Post/redirect/get: back to the status page, which says what happened from the row itself. */
const backTo = (location: string) =>
  new Response(null, { status: 303, headers: { location, ...PRIVATE } })

/**
 * "Withdraw my link" on a reader's private status page: a plain form post, so
 * it works the same with or without JavaScript. No session, by design: the
 * token in the form (the page's own capability) is the authority, as a
 * one-click link's is. A post from another site never gets here: proxy.ts
 * refuses it with a 403, like every cross-site POST.
 *
 * A route handler, not a server action: the page's Referrer-Policy is
 * no-referrer, so the browser posts its form with `Origin: null`, which
 * proxy.ts accepts only with `Sec-Fetch-Site: same-origin` and which Next's own
 * server-action check cannot parse (it answers 500).
 */
export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null)
  const token = form?.get('token')
  if (!isReceiptToken(token)) return text(400, 'That is not the token of a link’s status page.')
  prepareServerWork()
  let outcome: WithdrawOutcome
  try {
    const { db } = await getDatabase()
    outcome = await withdrawLink(db, token)
  } catch (error) {
    console.error('withdraw: could not withdraw a link:', error)
    return backTo(`${statusPath(token)}?failed=1`)
  }
  if (outcome.status === 'unknown') return text(404, 'No link has this status page.')
  if (outcome.changed) {
    // Off the post at once (the same invalidation as the automatic signals'), and
    // off the author's queue view; the update Webmention and the webhook go out after the answer.
    await publicListsChanged(outcome.publicSlugs)
    revalidatePath('/admin')
    drainAfterResponse()
  }
  return backTo(`${statusPath(token)}?withdrawn=1`)
}
