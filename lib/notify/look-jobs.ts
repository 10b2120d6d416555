import type { Database } from '../db'
import type { OutboxJobInput } from '../outbox/queue'
import { emailEnabled, notifyConfig, webhookEnabled } from './config'
import { adminItemUrl, postUrl } from './links'
import type { MessageContext, OutgoingEmail } from './messages'
import { loadSubmissionDetails, type SubmissionDetails } from './submission-details'
import { WEBHOOK_JOB, type WebhookJobPayload } from './webhook-jobs'

export const EMAIL_LOOK_JOB = 'notify-email-look'

/**
 * The author is told when an automatic signal flags a link "Needs a look"
 * (a link that keeps failing, a Webmention withdrawn): one email and one
 * webhook per flag. Enqueued by applyChange in the flag's own transaction;
 * `flaggedAt` names the flag, so a retry is the same notification.
 */
export function needsLookJobs(
  submissionId: number,
  reason: string,
  flaggedAt: Date,
  config = notifyConfig(),
): OutboxJobInput[] {
  const key = `${submissionId}:${flaggedAt.getTime()}`
  const webhook: WebhookJobPayload = {
    event: 'submission.needs_look',
    submissionId,
    reason,
    at: flaggedAt.toISOString(),
  }
  return [
    ...(emailEnabled(config)
      ? [
          {
            kind: EMAIL_LOOK_JOB,
            payload: { submissionId, reason, at: flaggedAt.toISOString() },
            dedupeKey: `notify-email:look:${key}`,
          },
        ]
      : []),
    ...(webhookEnabled(config)
      ? [{ kind: WEBHOOK_JOB, payload: webhook, dedupeKey: `notify-webhook:look:${key}` }]
      : []),
  ]
}

export function needsLookEmail(
  s: SubmissionDetails,
  reason: string,
  at: Date,
  ctx: MessageContext,
  postTitle: string,
): OutgoingEmail {
  return {
    messageId: `<submission-${s.id}.look-${at.getTime()}@${ctx.site.hostname}>`,
    subject: `A link needs a look: ${s.title ?? s.url}`,
    text: [
      `A link under “${postTitle}” on ${ctx.siteTitle} needs a look: ${reason}.`,
      '',
      `Post:   ${postTitle} <${postUrl(ctx.site, s.postSlug)}>`,
      `Link:   ${s.url}`,
      `Title:  ${s.title ?? '(none given)'}`,
      `Status: ${s.status}`,
      '',
      `Keep it shown or hide it: ${adminItemUrl(ctx.site, s)}`,
      '',
    ].join('\n'),
  }
}

/** Builds and sends the email of one flag; nothing when the row is gone. */
export async function deliverNeedsLookEmail(
  db: Database,
  payload: Record<string, unknown>,
  ctx: MessageContext & { send: (m: OutgoingEmail) => Promise<void> },
): Promise<void> {
  const id = Number(payload.submissionId)
  const at = new Date(String(payload.at))
  if (!Number.isSafeInteger(id) || Number.isNaN(at.getTime())) {
    throw new Error('bad needs-a-look job payload')
  }
  const s = await loadSubmissionDetails(db, id)
  if (!s) return
  const title = (await ctx.postTitle(s.postSlug)) ?? s.postSlug
  await ctx.send(needsLookEmail(s, String(payload.reason ?? 'an automatic check'), at, ctx, title))
}
