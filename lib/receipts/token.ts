import { createHash, randomBytes } from 'node:crypto'

/**
 * The reader's private status link, /links/status/<token>: a capability URL.
 * Whoever holds the token may see where the link stands and withdraw it, so it
 * is as hard to guess as a session (256 random bits), and only its sha256 is
 * stored (reader_receipts): the table cannot be read back into working links.
 */
const TOKEN_BYTES = 32

/** 32 bytes in base64url: exactly 43 characters of [A-Za-z0-9_-]. */
export const RECEIPT_TOKEN = /^[A-Za-z0-9_-]{43}$/

export const newReceiptToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url')

/** What reader_receipts keeps of a token. */
export const hashReceiptToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex')

export const isReceiptToken = (value: unknown): value is string =>
  typeof value === 'string' && RECEIPT_TOKEN.test(value)

/** The page's address for a token (relative: the site's own origin). */
export const statusPath = (token: string): string => `/links/status/${token}`

/** statusPath() as a pattern, for input that claims to be one (the no-JS answer cookie). */
export const STATUS_PATH = /^\/links\/status\/[A-Za-z0-9_-]{43}$/
