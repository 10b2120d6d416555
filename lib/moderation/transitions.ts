import type { SubmissionStatus } from '../db/schema'

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'pending'

export const TARGET_STATUS: Record<ModerationAction, SubmissionStatus> = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'spam',
  pending: 'pending',
}

/**
 * Which moves the author may make. Anything can be sent back to pending (to take
 * back an approval, or to rescue a row from spam); spam cannot be approved in one
 * step, so a mis-click on a spam row never publishes it.
 */
const ALLOWED: Record<SubmissionStatus, readonly SubmissionStatus[]> = {
  pending: ['approved', 'rejected', 'spam'],
  approved: ['pending', 'rejected', 'spam'],
  rejected: ['pending', 'approved', 'spam'],
  spam: ['pending', 'rejected'],
}

export function canMove(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return ALLOWED[from].includes(to)
}

/** The statuses a row may be in for `action` to apply to it. */
export function sourcesFor(action: ModerationAction): SubmissionStatus[] {
  const to = TARGET_STATUS[action]
  return (Object.keys(ALLOWED) as SubmissionStatus[]).filter((from) => canMove(from, to))
}

/** Whether a move changes what the public sees (a post's list and /links). */
export const touchesPublic = (from: SubmissionStatus, to: SubmissionStatus | 'deleted'): boolean =>
  from !== to && (from === 'approved' || to === 'approved')
