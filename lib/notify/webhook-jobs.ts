import type { Database } from '../db'
import type { AuditState } from '../db/schema'
import type { OutboxJob, OutboxJobInput } from '../outbox/queue'
import { notifyConfig, webhookEnabled } from './config'
import { adminItemUrl, postUrl } from './links'
import { loadSubmissionDetails } from './submission-details'

export const WEBHOOK_JOB = 'notify-webhook'

/** States a webhook may report: the stored statuses, plus 'deleted' (soft delete) and 'hidden'. */
export type NotifiedStatus = AuditState

export type StatusChange = {
  submissionId: number
  from: NotifiedStatus
  to: NotifiedStatus
  /** Through what: 'admin', 'one-click', 'trusted-domain', … */
  via: string
}

export type WebhookJobPayload =
  | { event: 'submission.created'; submissionId: number; at: string }
  | ({ event: 'submission.status_changed'; at: string } & StatusChange)
  /** An automatic signal flagged the link for the author (lib/notify/look-jobs.ts). */
  | { event: 'submission.needs_look'; submissionId: number; reason: string; at: string }

/**
 * The id of one webhook notification: its outbox job. It is the `webhook-id`
 * header, `x-delivery-id` and the body's `deliveryId`, identical on every retry
 * and on a rerun after a crash, so a receiver can drop what it already has.
 */
export const webhookIdFor = (job: Pick<OutboxJob, 'id'>): string => `job-${job.id}`

/** The webhook job for a new submission (a follow-up of 'submission.created'). */
export function newSubmissionWebhookJob(submissionId: number, now = new Date()) {
  const payload: WebhookJobPayload = {
    event: 'submission.created',
    submissionId,
    at: now.toISOString(),
  }
  return { kind: WEBHOOK_JOB, payload, dedupeKey: `notify-webhook:new:${submissionId}` }
}

/**
 * The webhook job of a change of state (the follow-up of 'submission.changed',
 * enqueued in the change's own transaction, so the event is written if and
 * only if the change is). None when no webhook is configured (and it is not
 * development, where the event is printed).
 */
export function statusChangeJobs(change: StatusChange): OutboxJobInput[] {
  if (!webhookEnabled(notifyConfig()) || change.from === change.to) return []
  const payload: WebhookJobPayload = {
    event: 'submission.status_changed',
    at: new Date().toISOString(),
    ...change,
  }
  return [{ kind: WEBHOOK_JOB, payload }]
}

/**
 * The JSON the endpoint receives. Built at delivery from the row as it is then;
 * it never holds the IP hash. `submission` is null when the row is gone.
 */
export async function webhookBody(
  db: Database,
  job: WebhookJobPayload,
  ctx: { site: URL; deliveryId: string },
): Promise<Record<string, unknown>> {
  const s = await loadSubmissionDetails(db, job.submissionId)
  return {
    event: job.event,
    deliveryId: ctx.deliveryId,
    occurredAt: job.at,
    ...(job.event === 'submission.status_changed'
      ? { change: { from: job.from, to: job.to, via: job.via } }
      : {}),
    ...(job.event === 'submission.needs_look' ? { needsLook: { reason: job.reason } } : {}),
    submission: s
      ? {
          id: s.id,
          post: s.postSlug,
          postUrl: postUrl(ctx.site, s.postSlug),
          url: s.url,
          title: s.title,
          name: s.name,
          note: s.note,
          status: s.status,
          createdAt: s.createdAt.toISOString(),
          adminUrl: adminItemUrl(ctx.site, s),
        }
      : null,
  }
}
