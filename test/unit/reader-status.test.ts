import { describe, expect, it } from 'vitest'
import { siteToldFrom, standingOf, type StandingFields } from '@/lib/reader-status/status'
import { siteToldText } from '@/lib/reader-status/text'
import {
  RECEIPT_TOKEN,
  STATUS_PATH,
  hashReceiptToken,
  isReceiptToken,
  newReceiptToken,
  statusPath,
} from '@/lib/receipts/token'
import { decodeFlash, encodeFlash } from '@/lib/submissions/flash'
import { emptyValues, type LinkFormState } from '@/lib/submissions/form-state'

const at = new Date('2025-03-01T10:00:00Z')
const row = (fields: Partial<StandingFields> = {}): StandingFields => ({
  status: 'pending',
  deletedAt: null,
  hiddenAt: null,
  hiddenVia: null,
  moderatedBy: null,
  ...fields,
})

describe('where a reader’s link stands', () => {
  it.each<[string, Partial<StandingFields>, string]>([
    ['pending', {}, 'waiting'],
    ['approved', { status: 'approved', moderatedBy: 'Ana' }, 'published'],
    [
      'approved but hidden by the author',
      { status: 'approved', hiddenAt: at, hiddenVia: 'admin' },
      'not-published',
    ],
    [
      'hidden by a link check',
      { status: 'approved', hiddenAt: at, hiddenVia: 'link-check' },
      'not-published',
    ],
    ['rejected', { status: 'rejected', moderatedBy: 'Ana' }, 'not-published'],
    ['marked spam by the author', { status: 'spam', moderatedBy: 'Ana' }, 'not-published'],
    // As the form's answer said "received": the blocked-domain rule is not revealed.
    [
      'spam by a blocked-domain rule',
      { status: 'spam', moderatedBy: 'blocked-domain rule' },
      'waiting',
    ],
    ['approved, then deleted', { status: 'approved', deletedAt: at }, 'not-published'],
    ['withdrawn while pending', { hiddenAt: at, hiddenVia: 'reader' }, 'withdrawn'],
    [
      'withdrawn, then approved',
      { status: 'approved', hiddenAt: at, hiddenVia: 'reader' },
      'withdrawn',
    ],
    ['withdrawn, then deleted', { deletedAt: at, hiddenAt: at, hiddenVia: 'reader' }, 'withdrawn'],
  ])('%s: %s', (_name, fields, standing) => {
    expect(standingOf(row(fields))).toBe(standing)
  })
})

describe('whether the reader’s site was told', () => {
  it('reads the latest attempt in fixed words, never its detail or endpoint', () => {
    expect(siteToldFrom(undefined)).toEqual({ told: 'not-yet' })
    expect(siteToldFrom({ outcome: 'sent', reason: 'approved', attemptedAt: at })).toEqual({
      told: 'yes',
      about: 'published',
      at,
    })
    for (const reason of ['taken-back', 'withdrawn']) {
      expect(siteToldFrom({ outcome: 'sent', reason, attemptedAt: at })).toMatchObject({
        about: 'taken-off',
      })
    }
    expect(siteToldFrom({ outcome: 'no-endpoint', reason: 'approved', attemptedAt: at })).toEqual({
      told: 'no-endpoint',
      at,
    })
    for (const outcome of ['failed', 'refused', 'skipped', 'something new']) {
      expect(siteToldFrom({ outcome, reason: 'approved', attemptedAt: at })).toEqual({
        told: 'no',
        at,
      })
    }
    const when = () => '1 March 2025'
    expect(siteToldText({ told: 'yes', about: 'published', at }, when)).toBe(
      'Yes: on 1 March 2025 your site accepted a Webmention saying your link is published here.',
    )
    expect(siteToldText({ told: 'no', at }, when)).toContain('did not reach your site')
  })
})

describe('the status token', () => {
  it('is 256 random bits in base64url, and only its sha256 is kept', () => {
    const tokens = new Set(Array.from({ length: 200 }, newReceiptToken))
    expect(tokens.size).toBe(200)
    for (const token of tokens) {
      expect(token).toMatch(RECEIPT_TOKEN)
      expect(Buffer.from(token, 'base64url')).toHaveLength(32)
      expect(hashReceiptToken(token)).toMatch(/^[0-9a-f]{64}$/)
      expect(statusPath(token)).toMatch(STATUS_PATH)
    }
    expect(isReceiptToken('short')).toBe(false)
    expect(isReceiptToken(`${'a'.repeat(42)}/`)).toBe(false)
    expect(isReceiptToken(42)).toBe(false)
  })

  it('rides in the no-JavaScript answer, which accepts nothing but a status path', () => {
    const answer: LinkFormState = {
      status: 'success',
      message: 'Thank you!',
      fieldErrors: {},
      values: emptyValues,
      statusUrl: statusPath(newReceiptToken()),
    }
    expect(decodeFlash(encodeFlash(answer))).toEqual(answer)
    const forge = (statusUrl: string) =>
      Buffer.from(JSON.stringify({ ...answer, statusUrl })).toString('base64url')
    for (const forged of [
      'https://evil.example/x',
      '/admin',
      'javascript:alert(1)',
      `${answer.statusUrl}/x`,
    ]) {
      expect(decodeFlash(forge(forged))).toBeUndefined()
    }
  })
})
