'use server'

import { headers } from 'next/headers'
import { authorAction, type ActionAnswer } from '@/app/_lib/author-action'
import { invalidateAfterModeration } from '@/app/_lib/moderation-cache'
import { drainAfterResponse } from '@/app/_lib/run-jobs'
import type { QueueAnswer } from '@/app/admin/_components/queue-answer'
import type { AuthorIdentity } from '@/lib/auth/author'
import { authSecret } from '@/lib/auth/secret'
import type { Database } from '@/lib/db'
import { env } from '@/lib/env'
import { ruleFromSubmission } from '@/lib/moderation/domain-rules'
import { NOTHING_CHANGED, UNDO_STALE, doneLabel, doneMessage } from '@/lib/moderation/messages'
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
import { applyUndo, openUndo, sealUndo, type UndoPlan } from '@/lib/moderation/undo'

type Move = Exclude<ModerationRequest, { intent: 'undo' }>

type Moved = ModerationResult & { ids: number[]; domain?: string | null; undo?: UndoPlan }

/** Runs one validated move through lib/moderation: every move goes through applyChange. */
async function run(request: Move, db: Database, author: AuthorIdentity): Promise<Moved> {
  const by = author.name
  const plan = (r: { undo?: UndoPlan['rows'] }) =>
    r.undo && r.undo.length > 0 ? { rows: r.undo } : undefined
  switch (request.intent) {
    case 'delete':
    case 'restore': {
      const input = { ids: request.ids, by, undoable: true }
      const r = await (request.intent === 'delete'
        ? deleteSubmissions(db, input)
        : restoreSubmissions(db, input))
      return { ...r, undo: plan(r) }
    }
    case 'hide':
    case 'show':
    case 'keep': {
      const r = await changeVisibility(db, {
        ids: request.ids,
        move: request.intent,
        by,
        undoable: true,
      })
      return { ...r, ids: request.ids, undo: plan(r) }
    }
    case 'trust':
    case 'block': {
      const r = await ruleFromSubmission(db, {
        id: request.ids[0] as number,
        kind: request.intent === 'trust' ? 'trusted' : 'blocked',
        by,
      })
      return { ...r, ids: request.ids }
    }
    case 'edit': {
      const r = await editDetails(db, {
        id: request.ids[0] as number,
        by,
        edits: { title: request.title, name: request.name },
        undoable: true,
      })
      return { ...r, ids: request.ids, undo: plan(r) }
    }
    default: {
      const r = await moderate(db, {
        ids: request.ids,
        action: request.intent,
        by,
        edits: { title: request.title, name: request.name },
        undoable: true,
      })
      return { ...r, ids: request.ids, undo: plan(r) }
    }
  }
}

/** The secret Undo plans are signed with (the author is signed in, so it is set). */
function undoSecret(): string {
  const secret = authSecret(env())
  if (!secret) throw new Error('AUTH_SECRET is not set')
  return secret
}

/**
 * Without JavaScript the form posts a whole page: the answer is a redirect
 * back to the view the author came from, with what happened (and its Undo) in
 * the query, so a reload does not post again. With JavaScript (React names the
 * action in a header), the answer is the state the queue shows in place.
 */
async function withoutScript(): Promise<{ back: ReturnType<typeof adminReturnPath> } | null> {
  const request = await headers()
  if (request.has('next-action')) return null
  return { back: adminReturnPath(request.get('referer')) }
}

async function undo(
  request: Extract<ModerationRequest, { intent: 'undo' }>,
  db: Database,
  author: AuthorIdentity,
): Promise<ActionAnswer<QueueAnswer>> {
  const plan = openUndo(undoSecret(), request.undo)
  if (!plan) return { error: true, message: 'Nothing changed: that Undo is not valid here.' }
  const result = await applyUndo(db, plan, { by: author.name, only: request.only })
  await invalidateAfterModeration(result)
  if (result.changed > 0) drainAfterResponse()
  if (result.changed === 0 && !result.ruleRestored) return { error: true, message: UNDO_STALE }
  const page = await withoutScript()
  if (page) return { redirectTo: page.back.with({ done: 'undo', n: String(result.changed) }) }
  const domain = plan.rule?.domain
  return {
    error: false,
    message:
      result.changed === 0 && domain
        ? `Undone: the rule for ${domain} is as before.`
        : doneMessage('undo', result.changed),
    at: Date.now(),
    // The rows an Undo covered, changed or not: each shows in full again.
    moved: {
      ids: request.only !== undefined ? [request.only] : plan.rows.map((r) => r.id),
      label: doneLabel('undo'),
      undone: true,
    },
  }
}

/** Every moderation move of /admin: the rows, the bulk bar, the keyboard and every Undo. */
export const moderateAction = authorAction<typeof moderationRequestSchema, QueueAnswer>(
  moderationRequestSchema,
  moderationFormToObject,
  async (request, { author, db }) => {
    if (request.intent === 'undo') return undo(request, db, author)
    const result = await run(request, db, author)
    await invalidateAfterModeration(result)
    // Changes may have queued work (webhook notifications) in their transaction.
    if (result.changed > 0) drainAfterResponse()
    if (result.changed === 0) return { error: true, message: NOTHING_CHANGED }
    const token = result.undo ? sealUndo(undoSecret(), result.undo) : undefined
    const rows = result.undo?.rows ?? []
    const changedIds = rows.length > 0 ? rows.map((r) => r.id) : result.ids
    const page = await withoutScript()
    if (page) {
      return {
        redirectTo: page.back.with({
          done: request.intent,
          n: String(result.changed),
          undo: token,
        }),
      }
    }
    return {
      error: false,
      message: doneMessage(request.intent, result.changed, result.domain),
      at: Date.now(),
      moved: {
        ids: changedIds,
        label: doneLabel(request.intent, result.domain),
        undo: token,
        // An edit leaves the row as it was, with the new words: it stays open.
        keepOpen: request.intent === 'edit',
      },
    }
  },
  'moderateAction',
)
