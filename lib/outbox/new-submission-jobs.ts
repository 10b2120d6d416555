import type { SubmissionStatus } from '../db/schema'
import { notifyJobsForNewSubmission } from '../notify/handlers'
import type { OutboxJobInput } from './queue'

export type NewSubmission = { id: number; status: SubmissionStatus }

/**
 * The follow-up work every new submission gets, enqueued by whatever stores it
 * (the reader form, Webmention) in the same transaction as the row.
 */
export function jobsForNewSubmission(submission: NewSubmission): OutboxJobInput[] {
  // Spam (e.g. from a blocked domain) is never announced.
  return submission.status === 'spam' ? [] : [...notifyJobsForNewSubmission(submission.id)]
}
