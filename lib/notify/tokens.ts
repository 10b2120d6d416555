import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** The moderation moves a notification link may make. */
export const ONE_CLICK_ACTIONS = ['approve', 'reject'] as const
export type OneClickAction = (typeof ONE_CLICK_ACTIONS)[number]

export const ONE_CLICK_TTL_MS = 7 * 24 * 60 * 60 * 1000

export type OneClickClaims = {
  submissionId: number
  action: OneClickAction
  /** Milliseconds since the epoch. */
  expiresAt: number
  /** Random; the used-tokens table is keyed by it. */
  nonce: string
}

export type TokenCheck =
  | { ok: true; claims: OneClickClaims }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong-action' }

/**
 * A key of its own, derived from AUTH_SECRET, so a one-click signature can never
 * be mistaken for (or replayed as) anything else signed with the same secret.
 */
const keyFrom = (secret: string) =>
  createHmac('sha256', secret).update('red-green-repeat one-click v1').digest()

const sign = (secret: string, body: string) =>
  createHmac('sha256', keyFrom(secret)).update(body).digest('base64url')

/** `<body>.<signature>`, both base64url: safe in a URL path, opaque to the reader. */
export function createOneClickToken(
  secret: string,
  input: { submissionId: number; action: OneClickAction; now?: number },
): string {
  const claims = {
    s: input.submissionId,
    a: input.action,
    e: (input.now ?? Date.now()) + ONE_CLICK_TTL_MS,
    n: randomBytes(12).toString('base64url'),
  }
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${body}.${sign(secret, body)}`
}

/**
 * Checks the signature first (in constant time), then what it signs. `action`
 * is the move being asked for: a token made for another move is refused.
 */
export function verifyOneClickToken(
  secret: string,
  token: string,
  action: string,
  now = Date.now(),
): TokenCheck {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return { ok: false, reason: 'malformed' }
  const [, body = '', signature = ''] = match
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'forged' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const c = raw as { s?: unknown; a?: unknown; e?: unknown; n?: unknown }
  if (
    !Number.isSafeInteger(c.s) ||
    (c.s as number) <= 0 ||
    !ONE_CLICK_ACTIONS.includes(c.a as OneClickAction) ||
    typeof c.e !== 'number' ||
    typeof c.n !== 'string' ||
    c.n.length === 0
  ) {
    return { ok: false, reason: 'malformed' }
  }
  if (c.a !== action) return { ok: false, reason: 'wrong-action' }
  if (now >= c.e) return { ok: false, reason: 'expired' }
  return {
    ok: true,
    claims: {
      submissionId: c.s as number,
      action: c.a as OneClickAction,
      expiresAt: c.e,
      nonce: c.n,
    },
  }
}
