import { z } from 'zod'
import type { Database } from '../db'
import { env } from '../env'
import type { OutboxEvents } from '../outbox/events'
import type { JobHandlers, OutboxJobInput } from '../outbox/queue'
import { sendingOffReason, type SendContext } from '../webmention/send/config'
import {
  WEBMENTION_SEND_JOB,
  reasonForChange,
  sendForSubmission,
  submissionSendJob,
} from '../webmention/send/submission'

/** The running app's sending context: WEBMENTION_SEND, SITE_URL, the default fetch policy. */
export const appSendContext = (): SendContext => ({
  siteUrl: env().SITE_URL,
  enabled: env().WEBMENTION_SEND,
})

const payloadSchema = z.object({
  submissionId: z.number().int().positive(),
  reason: z.enum(['approved', 'taken-back', 'withdrawn']),
})

/** The outbox job that tells a reader's site about its link (lib/webmention/send/submission.ts). */
export function webmentionSendHandlers(
  database: () => Promise<Database>,
  ctx: () => SendContext,
): JobHandlers {
  return {
    [WEBMENTION_SEND_JOB]: async (payload) => {
      await sendForSubmission(await database(), payloadSchema.parse(payload), ctx())
    },
  }
}

/*
 * Follow-ups, queued in the transaction of the change: a link that became
 * public (approved, shown again, restored) or stopped being public (rejected,
 * deleted, hidden, withdrawn). None while sending is off, or while SITE_URL is
 * an address no receiver could fetch (development, the end-to-end servers).
 */

export function webmentionJobsForChange(
  change: OutboxEvents['submission.changed'],
): OutboxJobInput[] {
  const reason = reasonForChange(change)
  if (!reason || sendingOffReason(appSendContext())) return []
  return [submissionSendJob(change.submissionId, reason)]
}

/** A link published as it arrived (a trusted domain) is announced like an approval. */
export function webmentionJobsForNew(
  created: OutboxEvents['submission.created'],
): OutboxJobInput[] {
  if (created.status !== 'approved' || sendingOffReason(appSendContext())) return []
  return [submissionSendJob(created.id, 'approved')]
}
