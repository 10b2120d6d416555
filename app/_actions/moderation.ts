'use server'

import { headers } from 'next/headers'
import { authorAction, type ActionAnswer } from '@/app/_lib/author-action'
import { invalidateAfterModeration } from '@/app/_lib/moderation-cache'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import type { AuthorIdentity } from '@/lib/auth/author'
import type { Database } from '@/lib/db'
import { domainRuleMessage, ruleFromSubmission } from '@/lib/moderation/domain-rules'
import {
  changeVisibility,
  deleteSubmissions,
  editDetails,
  moderate,
  restoreSubmissions,
  type ModerationResult,
} from '@/lib/moderation/moderate'
import {
  moderationFormToObject,
  moderationRequestSchema,
  type ModerationRequest,
} from '@/lib/moderation/requests'
import { adminReturnPath } from '@/lib/moderation/return-path'

const DONE: Record<ModerationRequest['intent'], string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  pending: 'Moved back to pending',
  delete: 'Deleted',
  restore: 'Restored',
  edit: 'Saved',
  hide: 'Hidden from the public lists',
  show: 'Shown again',
  keep: 'Kept shown',
  trust: 'Trusted',
  block: 'Blocked',
}

type Changed = ModerationResult & { ids?: number[]; domain?: string | null }

/** Runs one validated request through lib/moderation: every move goes through applyChange. */
function run(request: ModerationRequest, db: Database, author: AuthorIdentity): Promise<Changed> {
  const by = author.name
  switch (request.intent) {
    case 'delete':
      return deleteSubmissions(db, { ids: request.ids, by })
    case 'restore':
      return restoreSubmissions(db, { ids: request.ids, by })
    case 'hide':
    case 'show':
    case 'keep':
      return changeVisibility(db, { ids: request.ids, move: request.intent, by })
    case 'trust':
    case 'block':
      return ruleFromSubmission(db, {
        id: request.ids[0] as number,
        kind: request.intent === 'trust' ? 'trusted' : 'blocked',
        by,
      })
    case 'edit':
      return editDetails(db, {
        id: request.ids[0] as number,
        by,
        edits: { title: request.title, name: request.name },
      })
    default:
      return moderate(db, {
        ids: request.ids,
        action: request.intent,
        by,
        edits: { title: request.title, name: request.name },
      })
  }
}

/** Every moderation move of /admin: the row forms, the bulk bar and the keyboard. */
export const moderateAction = authorAction(
  moderationRequestSchema,
  moderationFormToObject,
  async (request, { author, db }): Promise<ActionAnswer> => {
    const result = await run(request, db, author)
    await invalidateAfterModeration(result)
    // Changes may have queued work (webhook notifications) in their transaction.
    if (result.changed > 0) drainAfterResponse()
    const n = result.changed
    if (n === 0) {
      return {
        error: true,
        message: 'Nothing changed: that move does not apply to the current state.',
      }
    }
    // A deleted row leaves the list, and its form with it: the confirmation, with
    // its "Undo", lives on the page the author came from (?undo=…, ?restored=…).
    if ((request.intent === 'delete' || request.intent === 'restore') && result.ids?.length) {
      const back = adminReturnPath((await headers()).get('referer'))
      return {
        redirectTo: back.with(request.intent === 'delete' ? 'undo' : 'restored', result.ids),
      }
    }
    if ((request.intent === 'trust' || request.intent === 'block') && result.domain) {
      const kind = request.intent === 'trust' ? 'trusted' : 'blocked'
      return { error: false, message: domainRuleMessage(kind, result.domain) }
    }
    return {
      error: false,
      message: `${DONE[request.intent]}: ${n} submission${n === 1 ? '' : 's'}.`,
    }
  },
  'moderateAction',
)
