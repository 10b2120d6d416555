import type { OutboxJobInput } from '../outbox/queue'
import { emailEnabled, notifyConfig, webhookEnabled } from './config'
import type { OutgoingEmail } from './messages'

export const LOCKOUT_EMAIL_JOB = 'notify-email-lockout'
export const LOCKOUT_WEBHOOK_JOB = 'notify-webhook-lockout'

/**
 * What a lockout notice carries (no client address: only counts and times),
 * and whether GitHub sign-in was configured when it was written: the notice
 * names only the sign-in methods the site has.
 */
export type LockoutNotice = {
  failures: number
  windowSeconds: number
  until: string
  githubSignIn: boolean
}

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
  const { failures, windowSeconds, until, githubSignIn } = payload
  if (
    typeof failures !== 'number' ||
    typeof windowSeconds !== 'number' ||
    typeof until !== 'string' ||
    Number.isNaN(Date.parse(until))
  ) {
    throw new Error('bad lockout notice in job payload')
  }
  // Jobs written before the field existed promise no other way in.
  return { failures, windowSeconds, until, githubSignIn: githubSignIn === true }
}

/** Names only the sign-in methods this site has configured. */
export function otherWayIn(notice: Pick<LockoutNotice, 'githubSignIn'>): string {
  return notice.githubSignIn
    ? 'Sign-in with GitHub still works meanwhile.'
    : 'Password sign-in is the only sign-in method configured, so nobody can sign in until then.'
}

export function lockoutEmail(notice: LockoutNotice, site: URL, siteTitle: string): OutgoingEmail {
  return {
    messageId: `<lockout-${Date.parse(notice.until)}@${site.hostname}>`,
    subject: `Password sign-in to ${siteTitle} is paused`,
    text: [
      `Password sign-in to ${site.origin} is paused until ${notice.until}:`,
      `${notice.failures} failed attempts in the last ${Math.round(notice.windowSeconds / 60)} minutes.`,
      otherWayIn(notice),
      'If these attempts were not yours, consider a longer password.',
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
    // The sign-in methods that stay open meanwhile (only configured ones).
    stillOpen: notice.githubSignIn ? ['github'] : [],
  }
}
