'use server'

import { requireAuthor } from '../_lib/author-guard'
import { invalidateAfterModeration } from '../_lib/moderation-cache'
import { drainAfterResponse } from '../_lib/run-jobs'
import { getDatabase } from '@/lib/db'
import {
  deleteSubmissions,
  editDetails,
  moderate,
  type ModerationResult,
} from '@/lib/moderation/moderate'
import { moderationFormToObject, moderationRequestSchema } from '@/lib/moderation/requests'

export type ModerationState = { message: string; error: boolean }

const DONE: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  pending: 'Moved back to pending',
  delete: 'Deleted',
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
  let result: ModerationResult
  try {
    const { db } = await getDatabase()
    if (request.intent === 'delete') {
      result = await deleteSubmissions(db, request.ids)
    } else if (request.intent === 'edit') {
      result = await editDetails(db, {
        id: request.ids[0] as number,
        by: author.id,
        edits: { title: request.title, name: request.name },
      })
    } else {
      result = await moderate(db, {
        ids: request.ids,
        action: request.intent,
        by: author.id,
        via: 'admin',
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
  // Status changes may have queued webhook notifications.
  if (result.changed > 0) drainAfterResponse()
  const n = result.changed
  return n === 0
    ? { error: true, message: 'Nothing changed: that move is not allowed from the current status.' }
    : { error: false, message: `${DONE[request.intent]}: ${n} submission${n === 1 ? '' : 's'}.` }
}
