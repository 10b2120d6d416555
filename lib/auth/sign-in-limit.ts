import { and, count, eq, gt, lt, lte, min, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { signInFailures } from '../db/schema'

/**
 * A hard limit on password guessing, held in the database so it is the same on
 * every instance. Each password attempt is counted as a failure from the moment
 * it starts (a row is written before the password is checked) and the row is
 * removed only when the password was right, so parallel tries cannot slip past
 * the count while their passwords are being checked.
 */
export type SignInLimits = {
  client: { max: number; windowSeconds: number }
  /** Across all clients: pauses password sign-in (GitHub sign-in stays open). */
  account: { max: number; windowSeconds: number }
}

export type SignInBlock = { scope: 'client' | 'account'; until: Date }

export type AttemptStart = { ok: true; attemptId: number } | { ok: false; block: SignInBlock }

/**
 * What the author is told when password sign-in pauses for the whole account.
 * Hook for the notification channel (issue 11): pass `onAccountLockout` to
 * `recordSignInFailure` and enqueue the notification in the given transaction.
 */
export type AccountLockoutEvent = {
  kind: 'sign-in-account-lockout'
  failures: number
  windowSeconds: number
  until: Date
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

const ACCOUNT_LOCK = 'sign-in:account'
const clientLock = (clientHash: string) => `sign-in:client:${clientHash}`
const since = (seconds: number) => sql`now() - make_interval(secs => ${seconds})`

async function lock(tx: Transaction, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`)
}

async function failuresSince(
  tx: Transaction,
  windowSeconds: number,
  clientHash?: string,
): Promise<{ n: number; oldest: Date | null }> {
  const inWindow = gt(signInFailures.createdAt, since(windowSeconds))
  const [row] = await tx
    .select({ n: count(), oldest: min(signInFailures.createdAt) })
    .from(signInFailures)
    .where(clientHash ? and(eq(signInFailures.keyHash, clientHash), inWindow) : inWindow)
  return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null }
}

const blockedUntil = (oldest: Date | null, windowSeconds: number): Date =>
  new Date((oldest?.getTime() ?? Date.now()) + windowSeconds * 1000)

/**
 * Starts a password attempt: refused when this client, or the account as a
 * whole, has used up its failures; otherwise recorded (as a failure until
 * `recordSignInSuccess` says otherwise). The locks are always taken in the same
 * order, client then account, so two attempts never wait on each other in a cycle.
 */
export async function startSignInAttempt(
  db: Database,
  clientHash: string,
  limits: SignInLimits,
): Promise<AttemptStart> {
  return db.transaction(async (tx) => {
    await lock(tx, clientLock(clientHash))
    await lock(tx, ACCOUNT_LOCK)
    const longest = Math.max(limits.client.windowSeconds, limits.account.windowSeconds)
    await tx.delete(signInFailures).where(lt(signInFailures.createdAt, since(longest)))
    const client = await failuresSince(tx, limits.client.windowSeconds, clientHash)
    if (client.n >= limits.client.max) {
      return {
        ok: false,
        block: { scope: 'client', until: blockedUntil(client.oldest, limits.client.windowSeconds) },
      }
    }
    const account = await failuresSince(tx, limits.account.windowSeconds)
    if (account.n >= limits.account.max) {
      const until = blockedUntil(account.oldest, limits.account.windowSeconds)
      return { ok: false, block: { scope: 'account', until } }
    }
    const [row] = await tx
      .insert(signInFailures)
      .values({ keyHash: clientHash })
      .returning({ id: signInFailures.id })
    if (!row) throw new Error('could not record the sign-in attempt')
    return { ok: true, attemptId: row.id }
  })
}

/** The password was right: the attempt does not count against anyone. */
export async function recordSignInSuccess(db: Database, attemptId: number): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.id, attemptId))
}

/**
 * The password was wrong: the attempt's row stays. When this failure is the one
 * that pauses password sign-in for the account, `onAccountLockout` runs in the
 * same transaction (for the notification outbox) and the event is returned.
 */
export async function recordSignInFailure(
  db: Database,
  attemptId: number,
  limits: SignInLimits,
  options: {
    onAccountLockout?: (tx: Transaction, event: AccountLockoutEvent) => Promise<void>
  } = {},
): Promise<AccountLockoutEvent | null> {
  return db.transaction(async (tx) => {
    await lock(tx, ACCOUNT_LOCK)
    // This attempt's place among the failures in the window. Exactly the limit:
    // it was the last attempt allowed (later ones are refused before they are
    // recorded), so exactly one failure announces each lockout.
    const [place] = await tx
      .select({ n: count(), oldest: min(signInFailures.createdAt) })
      .from(signInFailures)
      .where(
        and(
          lte(signInFailures.id, attemptId),
          gt(signInFailures.createdAt, since(limits.account.windowSeconds)),
        ),
      )
    const account = { n: place?.n ?? 0, oldest: place?.oldest ? new Date(place.oldest) : null }
    if (account.n !== limits.account.max) return null
    const event: AccountLockoutEvent = {
      kind: 'sign-in-account-lockout',
      failures: account.n,
      windowSeconds: limits.account.windowSeconds,
      until: blockedUntil(account.oldest, limits.account.windowSeconds),
    }
    await options.onAccountLockout?.(tx, event)
    return event
  })
}
