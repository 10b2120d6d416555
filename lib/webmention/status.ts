import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { webmentionReceipts, webmentions, type WebmentionStatus } from '../db/schema'

/*
 * The public status page of a Webmention (the Location of the 201 answer).
 * Anyone holding the token reads it, so it says only what the sender may know:
 * the status and a coarse reason in fixed words chosen here. The stored detail
 * is for the author; it can carry network facts (an address, how a name
 * resolved, a refused redirect) and is never shown as it is.
 */

const DESCRIPTIONS: Record<WebmentionStatus, string> = {
  queued: 'Received; the source has not been checked yet.',
  accepted: 'Verified: the source links to the target. It awaits (or passed) moderation.',
  rejected: 'Not accepted.',
  withdrawn: 'Withdrawn: the source is gone or no longer links to the target.',
}

/**
 * The reasons a status page may give, by coarse category. A verifier that
 * stores one of these sentences as its detail gets it shown word for word;
 * anything else shows as `unreachable`.
 */
export const PUBLIC_REASONS = {
  noLink: 'The source does not link to the target.',
  unreachable: 'The source could not be fetched.',
} as const

const HTTP_STATUS = /^The source answered HTTP ([1-5]\d\d)\.?$/

/**
 * The public words for a stored detail: an HTTP status code or one of
 * PUBLIC_REASONS as they are; every other text (a refused address, a DNS answer,
 * a connection error) only as "could not be fetched".
 */
export function publicReason(detail: string | null): string | null {
  if (detail === null || detail.trim() === '') return null
  const text = detail.trim()
  const http = HTTP_STATUS.exec(text)
  if (http) return `The source answered HTTP ${http[1]}.`
  if (text === PUBLIC_REASONS.noLink) return PUBLIC_REASONS.noLink
  return PUBLIC_REASONS.unreachable
}

const TOKEN = /^[A-Za-z0-9_-]{10,64}$/

/** The mention a token names and when that sender's request arrived, or null. */
async function findByToken(db: Database, token: string) {
  const [receipt] = await db
    .select({ mention: webmentions, receivedAt: webmentionReceipts.receivedAt })
    .from(webmentionReceipts)
    .innerJoin(webmentions, eq(webmentions.id, webmentionReceipts.webmentionId))
    .where(eq(webmentionReceipts.token, token))
  if (receipt) return receipt
  // A mention received before receipts existed: its token is the row's own.
  const [mention] = await db.select().from(webmentions).where(eq(webmentions.token, token))
  return mention ? { mention, receivedAt: mention.receivedAt } : null
}

/** The plain-text status page of one received Webmention, or null for an unknown token. */
export async function webmentionStatusText(db: Database, token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null
  const found = await findByToken(db, token)
  if (!found) return null
  const { mention, receivedAt } = found
  const reason =
    mention.status === 'rejected' || mention.status === 'withdrawn'
      ? publicReason(mention.detail)
      : null
  return [
    `Status: ${mention.status}`,
    DESCRIPTIONS[mention.status],
    ...(reason ? [`Reason: ${reason}`] : []),
    `Source: ${mention.source}`,
    `Target: ${mention.target}`,
    `Received: ${receivedAt.toISOString()}`,
    ...(mention.verifiedAt ? [`Verified: ${mention.verifiedAt.toISOString()}`] : []),
  ].join('\n')
}
