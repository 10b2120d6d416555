import { describe, expect, it } from 'vitest'
import { SUBMISSION_STATUSES, type SubmissionStatus } from '@/lib/db/schema'
import { decodeCursor, encodeCursor } from '@/lib/moderation/queue'
import {
  moderationFormToObject,
  moderationRequestSchema,
  queueQuerySchema,
} from '@/lib/moderation/requests'
import { TARGET_STATUS, canMove } from '@/lib/moderation/transitions'
import { isPublic } from '@/lib/visibility/rule'

describe('status transitions', () => {
  const allowed: [SubmissionStatus, SubmissionStatus][] = [
    ['pending', 'approved'],
    ['pending', 'rejected'],
    ['pending', 'spam'],
    ['approved', 'pending'],
    ['approved', 'rejected'],
    ['approved', 'spam'],
    ['rejected', 'pending'],
    ['rejected', 'approved'],
    ['rejected', 'spam'],
    ['spam', 'pending'],
    ['spam', 'rejected'],
  ]

  it('allows exactly the listed moves', () => {
    for (const from of SUBMISSION_STATUSES) {
      for (const to of SUBMISSION_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to)
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected)
      }
    }
  })

  it('never approves spam in one step, and never "moves" a row to where it is', () => {
    expect(canMove('spam', 'approved')).toBe(false)
    for (const s of SUBMISSION_STATUSES) expect(canMove(s, s)).toBe(false)
  })

  it('names the status of each action', () => {
    expect(TARGET_STATUS.approve).toBe('approved')
    expect(TARGET_STATUS.reject).toBe('rejected')
    expect(TARGET_STATUS.spam).toBe('spam')
    expect(TARGET_STATUS.pending).toBe('pending')
  })
})

describe('the visibility rule', () => {
  const row = (status: SubmissionStatus, deleted = false, hidden = false) => ({
    status,
    deletedAt: deleted ? new Date() : null,
    hiddenAt: hidden ? new Date() : null,
  })

  it('shows approved rows that are neither deleted nor hidden, and nothing else', () => {
    expect(isPublic(row('approved'))).toBe(true)
    expect(isPublic(row('approved', true))).toBe(false)
    expect(isPublic(row('approved', false, true))).toBe(false)
    for (const s of SUBMISSION_STATUSES.filter((s) => s !== 'approved')) {
      expect(isPublic(row(s)), s).toBe(false)
    }
  })
})

describe('moderation requests', () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData()
    for (const [k, v] of entries) data.append(k, v)
    return moderationFormToObject(data)
  }

  it('accepts a bulk approval with repeated ids', () => {
    const parsed = moderationRequestSchema.parse(
      form([
        ['intent', 'approve'],
        ['ids', '3'],
        ['ids', '7'],
      ]),
    )
    expect(parsed).toMatchObject({ intent: 'approve', ids: [3, 7] })
  })

  it('trims edits and turns empty ones into null', () => {
    const parsed = moderationRequestSchema.parse(
      form([
        ['intent', 'approve'],
        ['ids', '1'],
        ['title', '  A better title  '],
        ['name', '   '],
      ]),
    )
    expect(parsed).toMatchObject({ title: 'A better title', name: null })
  })

  it.each([
    ['no ids', [['intent', 'approve']]],
    [
      'an unknown intent',
      [
        ['intent', 'publish'],
        ['ids', '1'],
      ],
    ],
    [
      'a negative id',
      [
        ['intent', 'reject'],
        ['ids', '-1'],
      ],
    ],
    [
      'a non-numeric id',
      [
        ['intent', 'reject'],
        ['ids', '1 or 1=1'],
      ],
    ],
    [
      'an id past int4',
      [
        ['intent', 'reject'],
        ['ids', '2147483648'],
      ],
    ],
    [
      'a title over 200 characters',
      [
        ['intent', 'edit'],
        ['ids', '1'],
        ['title', 'x'.repeat(201)],
      ],
    ],
    [
      'a name with a line break',
      [
        ['intent', 'edit'],
        ['ids', '1'],
        ['name', 'a\nb'],
      ],
    ],
    [
      'an edit of two rows',
      [
        ['intent', 'edit'],
        ['ids', '1'],
        ['ids', '2'],
      ],
    ],
    // Issue 12: ids are strict decimal integers; these were read as 8 and 7.
    ...['0x8', ' 7 ', '7 ', '1e3', '07', '+7', '7.0', '0', '-1', '', '99999999999'].map((id) => [
      `the id ${JSON.stringify(id)}`,
      [
        ['intent', 'approve'],
        ['ids', id],
      ],
    ]),
  ] as [string, [string, string][]][])('refuses %s', (_label, entries) => {
    expect(moderationRequestSchema.safeParse(form(entries)).success).toBe(false)
  })

  it('ignores a bad query string instead of failing the page', () => {
    expect(queueQuerySchema.parse({ status: 'nonsense', post: '../etc', after: 'x' })).toEqual({
      status: undefined,
      post: undefined,
      after: 'x',
      before: undefined,
    })
    expect(
      queueQuerySchema.parse({ status: 'spam', post: 'writing-about-failures' }),
    ).toMatchObject({
      status: 'spam',
      post: 'writing-about-failures',
    })
  })
})

describe('queue cursors', () => {
  it('round-trips a cursor with microsecond time', () => {
    const cursor = {
      status: 'pending' as const,
      createdAt: '2026-11-28 12:00:00.123456+00',
      id: 42,
    }
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
  })

  it('treats tampered cursors as none', () => {
    const bad = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    expect(decodeCursor(undefined)).toBeUndefined()
    expect(decodeCursor('not base64 json')).toBeUndefined()
    expect(decodeCursor(bad(['published', '2026-01-01', 1]))).toBeUndefined()
    expect(decodeCursor(bad(['pending', 'yesterday', 1]))).toBeUndefined()
    expect(decodeCursor(bad(['pending', '2026-01-01', 1.5]))).toBeUndefined()
    expect(decodeCursor(bad({ status: 'pending' }))).toBeUndefined()
  })
})
