import type { AuditState, SubmissionStatus } from '../db/schema'

/**
 * What happens to submissions that other work may follow up on. The intake
 * and applyChange announce these inside their own transactions; which jobs
 * follow (a link check, an email, a webhook) is registered by the edge
 * (lib/jobs/install.ts), so neither the queue nor the domain knows the jobs.
 */
export type OutboxEvents = {
  /** A submission was created and is not spam (a blocked domain's link is followed by nothing). */
  'submission.created': { id: number; status: SubmissionStatus }
  /** A submission moved between states (statuses, 'deleted', 'hidden'). */
  'submission.changed': { submissionId: number; from: AuditState; to: AuditState; via: string }
  /** An automatic signal flagged a submission "Needs a look". */
  'submission.flagged': { submissionId: number; reason: string; at: Date }
}

export type OutboxEvent = keyof OutboxEvents
