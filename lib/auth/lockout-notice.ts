import type { Database } from '../db'
import { lockoutJobs } from '../notify/lockout-jobs'
import { enqueue } from '../outbox/queue'
import type { AccountLockoutEvent } from './sign-in-limit'

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/**
 * Tells the author that password sign-in was paused, through the notification
 * channels (email, webhook). Called once per lockout, inside the transaction
 * that recorded the failure which caused it, so the outbox rows are durable
 * exactly when the lockout is.
 */
export async function notifyAuthorOfLockout(
  tx: Transaction,
  event: AccountLockoutEvent,
): Promise<void> {
  console.warn(
    `sign-in lockout: ${event.failures} failed password sign-ins in ${event.windowSeconds} s; ` +
      `password sign-in paused until ${event.until.toISOString()} (GitHub sign-in stays open)`,
  )
  const notice = {
    failures: event.failures,
    windowSeconds: event.windowSeconds,
    until: event.until.toISOString(),
  }
  for (const job of lockoutJobs(notice)) await enqueue(tx, job)
}
