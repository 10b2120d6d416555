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
