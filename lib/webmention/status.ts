import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { webmentions } from '../db/schema'

const DESCRIPTIONS = {
  queued: 'Received; the source has not been checked yet.',
  accepted: 'Verified: the source links to the target. It awaits (or passed) moderation.',
  rejected: 'Not accepted.',
  withdrawn: 'Withdrawn: the source is gone or no longer links to the target.',
} as const

/** The plain-text status page of one mention, or null for an unknown token. */
export async function webmentionStatusText(db: Database, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) return null
  const [row] = await db.select().from(webmentions).where(eq(webmentions.token, token))
  if (!row) return null
  return [
    `Status: ${row.status}`,
    DESCRIPTIONS[row.status],
    ...(row.detail ? [`Reason: ${row.detail}`] : []),
    `Source: ${row.source}`,
    `Target: ${row.target}`,
    `Received: ${row.receivedAt.toISOString()}`,
    ...(row.verifiedAt ? [`Verified: ${row.verifiedAt.toISOString()}`] : []),
  ].join('\n')
}
