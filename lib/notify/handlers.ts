import type { Database } from '../db'
import type { JobHandlers, OutboxJobInput } from '../outbox/queue'
import { siteUrl } from '../env'
import { getPost } from '../posts/catalog'
import { site } from '../site'
import {
  emailEnabled,
  notifyConfig,
  oneClickSecret,
  webhookEnabled,
  type NotifyConfig,
} from './config'
import { printEmail, sendEmail } from './email'
import {
  EMAIL_DIGEST_JOB,
  EMAIL_NEW_JOB,
  deliverDigest,
  deliverNewSubmissionEmail,
  type EmailDeps,
} from './email-jobs'
import {
  LOCKOUT_EMAIL_JOB,
  LOCKOUT_WEBHOOK_JOB,
  lockoutEmail,
  lockoutNoticeFrom,
  lockoutWebhookBody,
} from './lockout-jobs'
import { EMAIL_LOOK_JOB, deliverNeedsLookEmail } from './look-jobs'
import { loadSubmissionDetails } from './submission-details'
import { deliverWebhook, printWebhook } from './webhook'
import {
  WEBHOOK_JOB,
  newSubmissionWebhookJob,
  webhookBody,
  webhookIdFor,
  type WebhookJobPayload,
} from './webhook-jobs'

export type NotifyDeps = {
  database: () => Promise<Database>
  config?: () => NotifyConfig
  site?: () => URL
  secret?: () => string | undefined
  postTitle?: (slug: string) => Promise<string | undefined>
}

/** The notification jobs for a new submission (a follow-up of 'submission.created', lib/jobs/install.ts). */
export function notifyJobsForNewSubmission(
  submissionId: number,
  config = notifyConfig(),
): OutboxJobInput[] {
  return [
    ...(emailEnabled(config)
      ? [
          {
            kind: EMAIL_NEW_JOB,
            payload: { submissionId },
            dedupeKey: `notify-email:new:${submissionId}`,
          },
        ]
      : []),
    ...(webhookEnabled(config) ? [newSubmissionWebhookJob(submissionId)] : []),
  ]
}

const positiveId = (v: unknown): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new Error(`bad submissionId in job payload: ${String(v)}`)
  }
  return v
}

/**
 * The outbox handlers of the notify-* jobs. Each channel is its own job, so a
 * webhook retry never sends the email again (and the other way round).
 */
export function createNotifyHandlers(deps: NotifyDeps): JobHandlers {
  const config = deps.config ?? notifyConfig
  const ctx = () => ({
    site: (deps.site ?? siteUrl)(),
    siteTitle: site.title,
    secret: (deps.secret ?? oneClickSecret)(),
    postTitle: deps.postTitle ?? (async (slug: string) => (await getPost(slug))?.title),
  })
  const emailDeps = (c: NotifyConfig): EmailDeps | undefined => {
    const server = c.email
    if (!server && !c.console) return undefined
    return {
      ...ctx(),
      digest: c.digest,
      send: server ? (m) => sendEmail(server, m) : async (m) => printEmail(m),
    }
  }

  return {
    [LOCKOUT_EMAIL_JOB]: async (payload) => {
      const c = config()
      const notice = lockoutNoticeFrom(payload)
      const message = lockoutEmail(notice, ctx().site, site.title)
      if (c.email) await sendEmail(c.email, message)
      else if (c.console) printEmail(message)
    },
    [LOCKOUT_WEBHOOK_JOB]: async (payload, job) => {
      const c = config()
      const body = lockoutWebhookBody(lockoutNoticeFrom(payload), {
        site: ctx().site,
        deliveryId: webhookIdFor(job),
      })
      if (c.webhook) await deliverWebhook(c.webhook, body, webhookIdFor(job))
      else if (c.console) printWebhook(body)
    },
    [EMAIL_NEW_JOB]: async (payload) => {
      const d = emailDeps(config())
      if (!d) return // email was switched off since the job was written
      await deliverNewSubmissionEmail(await deps.database(), positiveId(payload.submissionId), d)
    },
    [EMAIL_LOOK_JOB]: async (payload) => {
      const d = emailDeps(config())
      if (!d) return
      await deliverNeedsLookEmail(await deps.database(), payload, d)
    },
    [EMAIL_DIGEST_JOB]: async (payload) => {
      const d = emailDeps(config())
      const start = new Date(String(payload.windowStart))
      if (!d || Number.isNaN(start.getTime())) return
      await deliverDigest(await deps.database(), start, d)
    },
    [WEBHOOK_JOB]: async (payload, job) => {
      const c = config()
      if (!c.webhook && !c.console) return
      const db = await deps.database()
      const event = payload as WebhookJobPayload
      positiveId(event.submissionId)
      if (event.event === 'submission.created') {
        // A blocked domain's submission goes straight to spam: no notification.
        const s = await loadSubmissionDetails(db, event.submissionId)
        if (!s || s.status === 'spam') return
      }
      const body = await webhookBody(db, event, {
        site: ctx().site,
        deliveryId: webhookIdFor(job),
      })
      if (c.webhook) await deliverWebhook(c.webhook, body, webhookIdFor(job))
      else printWebhook(body)
    },
  }
}
