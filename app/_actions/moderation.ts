'use server'

import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { requireAuthor } from '@/app/_lib/author-guard'
import { invalidateAfterModeration } from '@/app/_lib/moderation-cache'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import { getDatabase } from '@/lib/db'
import { ruleFromSubmission } from '@/lib/moderation/domain-rules'
import {
  deleteSubmissions,
  editDetails,
  moderate,
  restoreSubmissions,
  type ModerationResult,
} from '@/lib/moderation/moderate'
import { moderationFormToObject, moderationRequestSchema } from '@/lib/moderation/requests'
import { adminReturnPath } from '@/lib/moderation/return-path'

export type ModerationState = { message: string; error: boolean }

const DONE: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  pending: 'Moved back to pending',
  delete: 'Deleted',
  restore: 'Restored',
  edit: 'Saved',
}

/**
 * Every moderation change goes through here. The author check comes first, so a
 * replayed request without the session changes nothing and gets a 401.
 */
export async function moderateAction(
  _previous: ModerationState,
  form: FormData,
): Promise<ModerationState> {
  const author = await requireAuthor()
  const parsed = moderationRequestSchema.safeParse(moderationFormToObject(form))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path[0]
    return {
      error: true,
      message: `Nothing changed: ${field && field !== 'intent' ? `${String(field)} ` : ''}${issue?.message ?? 'invalid request'}.`,
    }
  }
  const request = parsed.data
  let result: ModerationResult & { ids?: number[]; domain?: string | null }
  try {
    const { db } = await getDatabase()
    switch (request.intent) {
      case 'delete':
        result = await deleteSubmissions(db, { ids: request.ids, by: author.name })
        break
      case 'restore':
        result = await restoreSubmissions(db, { ids: request.ids, by: author.name })
        break
      case 'trust':
      case 'block':
        result = await ruleFromSubmission(db, {
          id: request.ids[0] as number,
          kind: request.intent === 'trust' ? 'trusted' : 'blocked',
          by: author.name,
        })
        break
      case 'edit':
        result = await editDetails(db, {
          id: request.ids[0] as number,
          by: author.name,
          edits: { title: request.title, name: request.name },
        })
        break
      default:
        result = await moderate(db, {
          ids: request.ids,
          action: request.intent,
          by: author.name,
          edits: { title: request.title, name: request.name },
        })
    }
  } catch (error) {
    console.error('moderateAction failed:', error)
    return {
      error: true,
      message: 'Nothing changed: the database could not be reached. Try again.',
    }
  }
  await invalidateAfterModeration(result)
  // Status changes may have queued work (webhook notifications) in their transaction.
  if (result.changed > 0) drainAfterResponse()
  const n = result.changed
  if (n === 0) {
    return {
      error: true,
      message: 'Nothing changed: that move is not allowed from the current status.',
    }
  }
  // A deleted row leaves the list, and its form with it: the confirmation, with
  // its "Undo", lives on the page the author came from (?undo=…, ?restored=…).
  if ((request.intent === 'delete' || request.intent === 'restore') && result.ids?.length) {
    const back = adminReturnPath((await headers()).get('referer'))
    redirect(back.with(request.intent === 'delete' ? 'undo' : 'restored', result.ids))
  }
  if (request.intent === 'trust' || request.intent === 'block') {
    return {
      error: false,
      message:
        request.intent === 'trust'
          ? `Trusted ${result.domain}: its links are approved at once from now on.`
          : `Blocked ${result.domain}: its links go straight to spam from now on.`,
    }
  }
  return { error: false, message: `${DONE[request.intent]}: ${n} submission${n === 1 ? '' : 's'}.` }
}
