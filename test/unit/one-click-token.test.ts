import { describe, expect, it } from 'vitest'
import { ONE_CLICK_TTL_MS, createOneClickToken, verifyOneClickToken } from '@/lib/notify/tokens'
import { signWebhookBody } from '@/lib/notify/webhook'

const SECRET = 'unit-test-secret-0123456789abcdef'
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)

describe('one-click tokens', () => {
  const token = createOneClickToken(SECRET, { submissionId: 42, action: 'approve', now: NOW })

  it('verify for their submission and action until they expire', () => {
    const check = verifyOneClickToken(SECRET, token, 'approve', NOW + 1000)
    expect(check).toMatchObject({
      ok: true,
      claims: { submissionId: 42, action: 'approve', expiresAt: NOW + ONE_CLICK_TTL_MS },
    })
    expect(verifyOneClickToken(SECRET, token, 'approve', NOW + ONE_CLICK_TTL_MS - 1).ok).toBe(true)
  })

  it('are refused after 7 days', () => {
    expect(verifyOneClickToken(SECRET, token, 'approve', NOW + ONE_CLICK_TTL_MS)).toEqual({
      ok: false,
      reason: 'expired',
    })
  })

  it('are refused for another action', () => {
    expect(verifyOneClickToken(SECRET, token, 'reject', NOW)).toEqual({
      ok: false,
      reason: 'wrong-action',
    })
  })

  it('are refused when the signature or what it signs was changed', () => {
    const [body, signature] = token.split('.') as [string, string]
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A')
    expect(verifyOneClickToken(SECRET, `${body}.${flipped}`, 'approve', NOW).ok).toBe(false)
    // Another submission's id, with the original signature.
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), s: 43 }),
    ).toString('base64url')
    expect(verifyOneClickToken(SECRET, `${other}.${signature}`, 'approve', NOW)).toEqual({
      ok: false,
      reason: 'forged',
    })
    // Signed with another secret.
    expect(verifyOneClickToken('another-secret', token, 'approve', NOW)).toEqual({
      ok: false,
      reason: 'forged',
    })
  })

  it('refuse garbage without throwing', () => {
    for (const bad of ['', 'x', 'a.b', `${'a'.repeat(500)}.${'b'.repeat(43)}`, '../../etc']) {
      expect(verifyOneClickToken(SECRET, bad, 'approve', NOW).ok).toBe(false)
    }
  })

  it('are different for each link, even for the same submission and action', () => {
    const again = createOneClickToken(SECRET, { submissionId: 42, action: 'approve', now: NOW })
    expect(again).not.toBe(token)
  })
})

describe('webhook signatures', () => {
  it('are sha256=<hex> of the body with the secret', () => {
    // Known answer, computed independently: HMAC-SHA256(key "secret", message "{}")
    expect(signWebhookBody('secret', '{}')).toBe(
      'sha256=77325902caca812dc259733aacd046b73817372c777b8d95b402647474516e13',
    )
  })
})
