import type { SubmissionStatus } from '../db/schema'
import { env } from '../env'
import { linkCheckJob } from '../jobs/link-jobs'
import { notifyJobsForNewSubmission } from '../notify/handlers'
import type { OutboxJobInput } from './queue'

export type NewSubmission = { id: number; status: SubmissionStatus }

/**
 * The follow-up work every new submission gets, enqueued by whatever stores it
 * (the reader form, Webmention) in the same transaction as the row. `status` is
 * the status it starts in: pending, or approved by a trusted-domain rule (the
 * author is still told). A link that starts as spam (blocked domain) never
 * gets here: storeSubmission enqueues nothing for it, so no check, no notification.
 */
export function jobsForNewSubmission(submission: NewSubmission): OutboxJobInput[] {
  // Spam (e.g. from a blocked domain) is neither checked nor announced.
  if (submission.status === 'spam') return []
  return [
    ...(env().LINK_CHECKS ? [linkCheckJob(submission.id)] : []),
    ...notifyJobsForNewSubmission(submission.id),
  ]
}
