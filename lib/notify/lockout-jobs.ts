import type { OutboxJobInput } from '../outbox/queue'
import { emailEnabled, notifyConfig, webhookEnabled } from './config'
import type { OutgoingEmail } from './messages'

export const LOCKOUT_EMAIL_JOB = 'notify-email-lockout'
export const LOCKOUT_WEBHOOK_JOB = 'notify-webhook-lockout'

/** What a lockout notice carries (no client address: only counts and times). */
export type LockoutNotice = { failures: number; windowSeconds: number; until: string }

/**
 * The jobs that tell the author password sign-in was paused: one per channel,
 * each at most once per pause (the pause's end is its identity).
 */
export function lockoutJobs(notice: LockoutNotice, config = notifyConfig()): OutboxJobInput[] {
  const payload = { ...notice }
  return [
    ...(emailEnabled(config)
      ? [{ kind: LOCKOUT_EMAIL_JOB, payload, dedupeKey: `notify-email:lockout:${notice.until}` }]
      : []),
    ...(webhookEnabled(config)
      ? [
          {
            kind: LOCKOUT_WEBHOOK_JOB,
            payload,
            dedupeKey: `notify-webhook:lockout:${notice.until}`,
          },
        ]
      : []),
  ]
}

/** Reads a job's payload back, refusing anything malformed (the job then fails loudly). */
export function lockoutNoticeFrom(payload: Record<string, unknown>): LockoutNotice {
  const { failures, windowSeconds, until } = payload
  if (
    typeof failures !== 'number' ||
    typeof windowSeconds !== 'number' ||
    typeof until !== 'string' ||
    Number.isNaN(Date.parse(until))
  ) {
    throw new Error('bad lockout notice in job payload')
  }
  return { failures, windowSeconds, until }
}

export function lockoutEmail(notice: LockoutNotice, site: URL, siteTitle: string): OutgoingEmail {
  return {
    messageId: `<lockout-${Date.parse(notice.until)}@${site.hostname}>`,
    subject: `Password sign-in to ${siteTitle} is paused`,
    text: [
      `Password sign-in to ${site.origin} is paused until ${notice.until}:`,
      `${notice.failures} failed attempts in the last ${Math.round(notice.windowSeconds / 60)} minutes.`,
      'Sign-in with GitHub still works. If these attempts were not yours, consider a longer password.',
    ].join('\n'),
  }
}

export function lockoutWebhookBody(
  notice: LockoutNotice,
  ctx: { site: URL; deliveryId: string },
): Record<string, unknown> {
  return {
    event: 'account.sign_in_paused',
    deliveryId: ctx.deliveryId,
    site: ctx.site.origin,
    failures: notice.failures,
    windowSeconds: notice.windowSeconds,
    pausedUntil: notice.until,
  }
}
