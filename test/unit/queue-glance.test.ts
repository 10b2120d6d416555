import { describe, expect, it } from 'vitest'
import type { LinkCheck } from '@/lib/db/schema'
import { formatAge } from '@/lib/format'
import { linkBadge } from '@/lib/links/badge'
import { NOT_CHECKED_LIMITED } from '@/lib/links/check'
import { doneLabel, doneMessage } from '@/lib/moderation/messages'
import { moderationFormToObject, moderationRequestSchema } from '@/lib/moderation/requests'

const check = (overrides: Partial<LinkCheck> = {}): LinkCheck => ({
  submissionId: 1,
  checkedAt: new Date('2026-01-01T00:00:00Z'),
  reachable: true,
  httpStatus: 200,
  finalUrl: null,
  error: null,
  title: null,
  description: null,
  siteName: null,
  author: null,
  publishedAt: null,
  linksBack: false,
  consecutiveFailures: 0,
  keepShown: false,
  withdrawnAt: null,
  ...overrides,
})

describe('a queue row at a glance', () => {
  it('shows one word about its link, the most telling first', () => {
    const url = 'https://blog.example.com/post'
    expect(linkBadge('https://xn--80ak6aa92e.com/', check({ linksBack: true })).kind).toBe(
      'look-alike',
    )
    expect(linkBadge(url, check({ reachable: false, httpStatus: 404 })).label).toBe('Broken')
    // Reachable now, but it failed before and has not passed since: still broken.
    expect(linkBadge(url, check({ consecutiveFailures: 1 })).kind).toBe('broken')
    expect(linkBadge(url, check({ linksBack: true })).label).toBe('Links back')
    expect(linkBadge(url, check()).label).toBe('Reachable')
    expect(linkBadge(url, undefined).label).toBe('Not checked')
    expect(linkBadge(url, check({ reachable: false, error: NOT_CHECKED_LIMITED })).kind).toBe(
      'unchecked',
    )
  })

  it('says how long ago in words, then the day', () => {
    const now = new Date('2026-03-10T12:00:00Z')
    const ago = (seconds: number) => formatAge(new Date(now.getTime() - seconds * 1000), now)
    expect(ago(20)).toBe('just now')
    expect(ago(-5)).toBe('just now')
    expect(ago(5 * 60)).toBe('5 min ago')
    expect(ago(3 * 3600 + 59)).toBe('3 h ago')
    expect(ago(2 * 86_400)).toBe('2 d ago')
    expect(ago(40 * 86_400)).toBe('29 Jan 2026')
  })

  it('answers every move in plain words', () => {
    expect(doneMessage('approve', 1)).toBe('Approved 1 submission.')
    expect(doneMessage('spam', 3)).toBe('Marked as spam 3 submissions.')
    expect(doneMessage('undo', 2)).toBe('Undone: 2 submissions back as before.')
    expect(doneMessage('trust', 1, 'example.org')).toBe(
      'Trusted example.org: its links are approved at once from now on.',
    )
    expect(doneLabel('block', 'example.net')).toBe('Blocked example.net')
    expect(doneLabel('pending')).toBe('Moved to pending')
  })
})

describe('bulk requests', () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData()
    for (const [k, v] of entries) data.append(k, v)
    return moderationRequestSchema.safeParse(moderationFormToObject(data))
  }

  it('"Select all on this page" takes the page\'s rows, with or without ticked boxes', () => {
    expect(
      form([
        ['intent', 'delete'],
        ['all', 'on'],
        ['page', '4,5,6'],
        ['ids', '5'],
      ]).data,
    ).toEqual({ intent: 'delete', ids: [5, 4, 6] })
    // Without "all", the page's rows are not taken.
    expect(
      form([
        ['intent', 'spam'],
        ['page', '4,5,6'],
        ['ids', '6'],
      ]).data,
    ).toMatchObject({ ids: [6] })
    // A page's list is read as strictly as ticked ids.
    expect(
      form([
        ['intent', 'approve'],
        ['all', 'on'],
        ['page', '4,0x5'],
      ]).success,
    ).toBe(false)
  })

  it('refuses an empty selection in plain words, with no field name', () => {
    const refused = form([
      ['intent', 'approve'],
      ['page', ''],
    ])
    expect(refused.error?.issues[0]?.message).toBe('Select at least one submission first.')
  })

  it('reads an Undo: the signed plan, and the one row it is for', () => {
    expect(
      form([
        ['intent', 'undo'],
        ['undo', 'abc.def'],
        ['only', '12'],
        ['ids', '9'],
      ]).data,
    ).toEqual({ intent: 'undo', undo: 'abc.def', only: 12 })
    expect(form([['intent', 'undo']]).success).toBe(false)
    expect(
      form([
        ['intent', 'undo'],
        ['undo', 'x'],
        ['only', '1e3'],
      ]).success,
    ).toBe(false)
  })
})
