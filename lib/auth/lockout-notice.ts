import type { Database } from '../db'
import { env } from '../env'
import { authorConfig } from './author'
import { lockoutJobs } from '../notify/lockout-jobs'
import { enqueue } from '../outbox/queue'
import type { AccountLockoutEvent } from './sign-in-limit'

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/**
 * Tells the author that password sign-in was paused, through the notification
 * channels (email, webhook). Called once per lockout, inside the transaction
 * that recorded the failure which caused it, so the outbox rows are durable
 * exactly when the lockout is. The caller drains the outbox after the response
 * (auth.ts), so the notice leaves at once rather than at the next cron run.
 */
export async function notifyAuthorOfLockout(
  tx: Transaction,
  event: AccountLockoutEvent,
): Promise<void> {
  const githubSignIn = Boolean(authorConfig(env()).github)
  console.warn(
    `sign-in lockout: ${event.failures} failed password sign-ins in ${event.windowSeconds} s; ` +
      `password sign-in paused until ${event.until.toISOString()}` +
      (githubSignIn ? ' (GitHub sign-in stays open)' : ' (no other sign-in method is configured)'),
  )
  const notice = {
    failures: event.failures,
    windowSeconds: event.windowSeconds,
    until: event.until.toISOString(),
    githubSignIn,
  }
  for (const job of lockoutJobs(notice)) await enqueue(tx, job)
}
