import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Database } from '../db'
import { webmentionReceipts, webmentions } from '../db/schema'
import { enqueue } from '../outbox/queue'
import { RateLimited, takeRateLimitHit, type RateLimit } from '../submissions/rate-limit'
import type { WebmentionRequest } from './request'

export const WEBMENTION_VERIFY_JOB = 'webmention-verify'

export type ReceiveOutcome =
  { status: 'accepted'; token: string } | { status: 'rate-limited'; retryAfterSeconds: number }

/** An unguessable status-page token (24 base64url characters). */
const newToken = () => randomBytes(18).toString('base64url')

/**
 * Records a Webmention as queued and enqueues its verification, in one
 * transaction with the source domain's rate-limit hit. A repeated mention
 * (same source and target) is the same row, queued again: its verification
 * refreshes, or withdraws, what the first one created. Every accepted request
 * gets a receipt with a token of its own for its status page, so a second
 * sender of the same pair never learns the first sender's token.
 */
export async function receiveWebmention(
  db: Database,
  request: WebmentionRequest & { ipHash: string },
  limit: RateLimit,
): Promise<ReceiveOutcome> {
  try {
    return await db.transaction(async (tx) => {
      await takeRateLimitHit(tx, `webmention:${request.sourceDomain}`, limit)
      const token = newToken()
      const [row] = await tx
        .insert(webmentions)
        .values({
          // The first receipt's token; the status page finds it through the receipt.
          token,
          source: request.source,
          target: request.target,
          postSlug: request.postSlug,
        })
        .onConflictDoUpdate({
          target: [webmentions.source, webmentions.target],
          set: { status: 'queued', detail: null, receivedAt: sql`now()` },
        })
        .returning({ id: webmentions.id })
      if (!row) throw new Error('the webmention row was not written')
      await tx.insert(webmentionReceipts).values({ token, webmentionId: row.id })
      await enqueue(tx, {
        kind: WEBMENTION_VERIFY_JOB,
        payload: { webmentionId: row.id, ipHash: request.ipHash },
      })
      return { status: 'accepted' as const, token }
    })
  } catch (error) {
    if (error instanceof RateLimited) {
      return { status: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds }
    }
    throw error
  }
}
