import { describe, expect, it } from 'vitest'
import {
  lockoutEmail,
  lockoutNoticeFrom,
  lockoutWebhookBody,
  type LockoutNotice,
} from '@/lib/notify/lockout-jobs'

const SITE = new URL('https://blog.example.com')
const notice = (githubSignIn: boolean): LockoutNotice => ({
  failures: 50,
  windowSeconds: 3600,
  until: '2026-11-28T21:00:00.000Z',
  githubSignIn,
})

// Issue 21, finding 9: the email promised GitHub sign-in on a site without it.
describe('the lockout notice names only the sign-in methods that are configured', () => {
  it('without GitHub: no word of GitHub, and it says nobody can sign in meanwhile', () => {
    const { text, subject } = lockoutEmail(notice(false), SITE, 'Blog')
    expect(subject).toBe('Password sign-in to Blog is paused')
    expect(text).not.toMatch(/github/i)
    expect(text).toContain('Password sign-in is the only sign-in method configured')
    expect(text).toContain('paused until 2026-11-28T21:00:00.000Z')
    expect(lockoutWebhookBody(notice(false), { site: SITE, deliveryId: 'd' })).toMatchObject({
      stillOpen: [],
    })
  })

  it('with GitHub: says GitHub sign-in still works', () => {
    const { text } = lockoutEmail(notice(true), SITE, 'Blog')
    expect(text).toContain('Sign-in with GitHub still works')
    expect(text).not.toContain('only sign-in method')
    expect(lockoutWebhookBody(notice(true), { site: SITE, deliveryId: 'd' })).toMatchObject({
      stillOpen: ['github'],
    })
  })

  it('a job written before the field existed promises no other way in', () => {
    const old = lockoutNoticeFrom({ failures: 5, windowSeconds: 60, until: notice(true).until })
    expect(old.githubSignIn).toBe(false)
    expect(lockoutEmail(old, SITE, 'Blog').text).not.toMatch(/github/i)
  })
})
