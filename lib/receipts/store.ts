import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { readerReceipts } from '../db/schema'
import { hashReceiptToken, isReceiptToken, newReceiptToken } from './token'

/**
 * Creates the receipt of a new submission, inside the transaction that creates
 * the row (lib/intake/intake.ts): the reader gets the token once, in the
 * answer, and the database keeps only its hash.
 */
export async function issueReceipt(tx: Database, submissionId: number): Promise<string> {
  const token = newReceiptToken()
  await tx.insert(readerReceipts).values({ tokenHash: hashReceiptToken(token), submissionId })
  return token
}

/** The submission a token opens, or null (a malformed token is not looked up). */
export async function submissionForToken(db: Database, token: string): Promise<number | null> {
  if (!isReceiptToken(token)) return null
  const [row] = await db
    .select({ submissionId: readerReceipts.submissionId })
    .from(readerReceipts)
    .where(eq(readerReceipts.tokenHash, hashReceiptToken(token)))
  return row?.submissionId ?? null
}
