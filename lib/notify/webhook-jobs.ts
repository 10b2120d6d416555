import type { Database } from '../db'
import type { SubmissionStatus } from '../db/schema'
import { enqueue, type OutboxJob } from '../outbox/queue'
import { notifyConfig, webhookEnabled } from './config'
import { adminItemUrl, postUrl } from './links'
import { loadSubmissionDetails } from './submission-details'

export const WEBHOOK_JOB = 'notify-webhook'

/** Statuses a webhook may report: the stored ones, plus deleted/restored (soft delete). */
export type NotifiedStatus = SubmissionStatus | 'deleted'

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

/**
 * The id of one webhook notification: its outbox job. It is the `webhook-id`
 * header, `x-delivery-id` and the body's `deliveryId`, identical on every retry
 * and on a rerun after a crash, so a receiver can drop what it already has.
 */
export const webhookIdFor = (job: Pick<OutboxJob, 'id'>): string => `job-${job.id}`

/** The webhook job for a new submission; in jobsForNewSubmission's list. */
export function newSubmissionWebhookJob(submissionId: number, now = new Date()) {
  const payload: WebhookJobPayload = {
    event: 'submission.created',
    submissionId,
    at: now.toISOString(),
  }
  return { kind: WEBHOOK_JOB, payload, dedupeKey: `notify-webhook:new:${submissionId}` }
}

/**
 * Call inside the transaction that changes the status, so the event is written
 * if and only if the change is. Does nothing when no webhook is configured (and
 * it is not development, where the event is printed).
 */
export async function enqueueStatusChangeNotification(
  tx: Database,
  change: StatusChange,
): Promise<void> {
  if (!webhookEnabled(notifyConfig()) || change.from === change.to) return
  const payload: WebhookJobPayload = {
    event: 'submission.status_changed',
    at: new Date().toISOString(),
    ...change,
  }
  await enqueue(tx, { kind: WEBHOOK_JOB, payload })
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
