import type { SubmissionStatus } from '../db/schema'
import type { OutboxJobInput } from './queue'

export type NewSubmission = { id: number; status: SubmissionStatus }

/**
 * The follow-up work every new submission gets, enqueued by whatever stores it
 * (the reader form, Webmention) in the same transaction as the row.
 */
export function jobsForNewSubmission(submission: NewSubmission): OutboxJobInput[] {
  void submission
  return []
}
