import type { Database } from '../db'
import type { AccountLockoutEvent } from './sign-in-limit'

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/**
 * THE HOOK for the notification channel (issue 11): called once per lockout,
 * inside the transaction that recorded the failure which paused password
 * sign-in, so an outbox row written here is durable exactly when the lockout is.
 * Until the outbox exists it only logs.
 */
export async function notifyAuthorOfLockout(
  _tx: Transaction,
  event: AccountLockoutEvent,
): Promise<void> {
  console.warn(
    `sign-in lockout: ${event.failures} failed password sign-ins in ${event.windowSeconds} s; ` +
      `password sign-in paused until ${event.until.toISOString()} (GitHub sign-in stays open)`,
  )
}

/** The text the author should receive, ready for the notification channel. */
export function lockoutNoticeText(event: AccountLockoutEvent, siteUrl: string): string {
  return [
    `Password sign-in to ${siteUrl} is paused until ${event.until.toISOString()}:`,
    `${event.failures} failed attempts in the last ${Math.round(event.windowSeconds / 60)} minutes.`,
    'Sign-in with GitHub still works. If these attempts were not yours, consider a longer password.',
  ].join('\n')
}
