import { randomBytes } from 'node:crypto'
import { and, eq, gt, lte, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { authorSessions } from '../db/schema'

/**
 * Sessions the server can end. The signed cookie names a row here; sign-out
 * deletes the row, "sign out everywhere" deletes them all, and a cookie whose
 * row is gone no longer signs anyone in, even though its signature is valid.
 * Each row also records the author it was made for (`identity`, the
 * fingerprint from lib/auth/author.ts): once another author is configured, the
 * row no longer matches, and the session is ended at its next use.
 */
export async function createAuthorSession(
  db: Database,
  authorId: string,
  maxAgeSeconds: number,
  identity: string,
): Promise<string> {
  const id = randomBytes(24).toString('base64url')
  await db.transaction(async (tx) => {
    await tx.delete(authorSessions).where(lte(authorSessions.expiresAt, sql`now()`))
    await tx.insert(authorSessions).values({
      id,
      authorId,
      identity,
      expiresAt: sql`now() + make_interval(secs => ${maxAgeSeconds})`,
    })
  })
  return id
}

// An ended session never comes back, so remembering the ended ones per process
// is always correct; a live answer is never reused, since another instance may
// end the session at any moment. Bounded: a forged id costs one lookup each.
const ended = new Set<string>()
const ENDED_MEMORY = 1000

function rememberEnded(id: string): void {
  if (ended.size >= ENDED_MEMORY) ended.clear()
  ended.add(id)
}

/**
 * One primary-key lookup per signed-in request. A session made for another
 * author (or before sessions recorded one: identity null) is ended here, its
 * row deleted, and signs nobody in.
 */
export async function isAuthorSessionLive(
  db: Database,
  id: string,
  identity: string,
): Promise<boolean> {
  if (ended.has(id)) return false
  const [row] = await db
    .select({ identity: authorSessions.identity })
    .from(authorSessions)
    .where(and(eq(authorSessions.id, id), gt(authorSessions.expiresAt, sql`now()`)))
  if (!row) {
    rememberEnded(id)
    return false
  }
  if (row.identity !== identity) {
    await endAuthorSession(db, id)
    return false
  }
  return true
}

export async function endAuthorSession(db: Database, id: string): Promise<void> {
  rememberEnded(id)
  await db.delete(authorSessions).where(eq(authorSessions.id, id))
}

/** Sign out everywhere: every browser that holds a session cookie is signed out. */
export async function endAllAuthorSessions(db: Database): Promise<number> {
  const gone = await db.delete(authorSessions).returning({ id: authorSessions.id })
  for (const { id } of gone) rememberEnded(id)
  return gone.length
}
