'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { invalidateAfterModeration } from '@/app/_lib/moderation-cache'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import { prepareServerWork } from '@/app/_lib/server-work'
import { getDatabase } from '@/lib/db'
import { oneClickSecret } from '@/lib/notify/config'
import { redeemOneClick } from '@/lib/notify/one-click'
import { REFUSAL_TEXT } from '@/lib/notify/one-click-text'

export type OneClickState = {
  status: 'idle' | 'refused' | 'error'
  message: string
}

const formSchema = z.object({
  action: z.enum(['approve', 'reject']),
  token: z.string().min(1).max(600),
})

/**
 * The one button of a one-click page. No session: the signed, single-use token
 * bound to this submission and this action is the authority. It is checked
 * again here, used up and acted on in one transaction (lib/notify/one-click.ts)
 * through the same moderate() and cache invalidation as /admin.
 */
export async function oneClickAction(
  _previous: OneClickState,
  form: FormData,
): Promise<OneClickState> {
  const parsed = formSchema.safeParse({ action: form.get('action'), token: form.get('token') })
  if (!parsed.success) return { status: 'refused', message: REFUSAL_TEXT.malformed.title }
  const { action, token } = parsed.data
  prepareServerWork()
  let outcome: Awaited<ReturnType<typeof redeemOneClick>>
  try {
    const { db } = await getDatabase()
    outcome = await redeemOneClick(db, { secret: oneClickSecret(), action, token })
  } catch (error) {
    console.error('oneClickAction failed:', error)
    return {
      status: 'error',
      message: 'Nothing changed: the database could not be reached. Try again.',
    }
  }
  if (!outcome.ok) {
    const text = REFUSAL_TEXT[outcome.reason]
    return { status: 'refused', message: `${text.title}. ${text.detail}` }
  }
  await invalidateAfterModeration(outcome.result)
  drainAfterResponse() // the status-change webhook
  // To a page of its own: the link's page now (rightly) says the link is used,
  // and re-rendering it under the form would hide what was just done.
  const done = new URLSearchParams({ action, post: outcome.postSlug })
  redirect(`/moderate/done?${done}`)
}
