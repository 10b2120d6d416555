import type { Database } from '../db'
import type { SubmissionStatus } from '../db/schema'
import { admitValid } from './intake'
import type { RateLimit } from '../submissions/rate-limit'
import type { ValidSubmission } from '../submissions/validation'

export type { RateLimit } from '../submissions/rate-limit'

export type StoreOutcome =
  | {
      status: 'received'
      id: number
      /** pending, or what a trusted- or blocked-domain rule decided. */
      initialStatus: SubmissionStatus
    }
  | { status: 'duplicate' }
  | { status: 'rate-limited'; retryAfterSeconds: number }

/**
 * A form submission that is already valid, through the one intake's
 * transaction (lib/intake/intake.ts), rate-limited by its client: for the
 * seed script, the bench and tests that store rows the way the form does
 * without building a form post.
 */
export async function storeSubmission(
  db: Database,
  input: ValidSubmission & { postSlug: string; ipHash: string },
  limit: RateLimit,
): Promise<StoreOutcome> {
  const { ipHash, ...data } = input
  const outcome = await admitValid(db, data, {
    source: 'form',
    ipHash,
    rateLimit: { key: ipHash, limit },
  })
  switch (outcome.status) {
    case 'created':
      return { status: 'received', id: outcome.id, initialStatus: outcome.initialStatus }
    case 'duplicate':
      return { status: 'duplicate' }
    case 'rate-limited':
      return outcome
  }
}
