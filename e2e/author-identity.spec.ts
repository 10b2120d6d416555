/**
 * Issue 21, findings 7 and 9, against `next start` with servers of its own:
 * - a session belongs to the author configured when it was made: restart with
 *   another AUTHOR_EMAIL and password hash (same AUTH_SECRET, same database)
 *   and the old cookie no longer opens /admin, with a real redirect;
 * - the lockout notice leaves right after the failure that pauses password
 *   sign-in (no cron run), and names no sign-in method the site lacks.
 */
import bcrypt from 'bcryptjs'
import { expect, test } from '@playwright/test'
import { AUTHOR } from '../test/support/server-env'
import { AppServer, attachOutputsOnFailure } from '../test/support/app-server'
import { freshPgliteDir, removePgliteDir } from '../test/support/databases'
import { postCredentials } from '../test/support/form-client'
import { startSmtp, type TestSmtp } from '../test/support/notify-peers'
import { sleep } from '../test/support/process'

test.describe.configure({ mode: 'serial' })

type SignIn = { cookie?: string; status: number; location: string }

/** A password sign-in as a browser posts it (test/support/form-client.ts), from client `ip`. */
async function passwordSignIn(
  baseUrl: string,
  email: string,
  password: string,
  ip: string,
): Promise<SignIn> {
  const answer = await postCredentials(baseUrl, { email, password, ip })
  return {
    cookie: answer.session ? [...answer.cookies, answer.session].join('; ') : undefined,
    status: answer.status,
    location: answer.location,
  }
}

const adminWith = (baseUrl: string, cookie: string) =>
  fetch(`${baseUrl}/admin`, { headers: { cookie }, redirect: 'manual' })

test.describe('sessions belong to the configured author', () => {
  const dir = freshPgliteDir('author-identity')
  const OTHER = { email: 'new-author@example.com', password: 'another long passphrase' }
  let server: AppServer | undefined

  test.afterEach(async ({}, testInfo) => attachOutputsOnFailure(testInfo, [server]))
  test.afterAll(async () => {
    await server?.stop('SIGKILL')
    removePgliteDir(dir)
  })

  test('a cookie made for the previous author no longer opens /admin after the author changes', async () => {
    test.setTimeout(240_000)
    server = new AppServer({ name: 'first author', pgliteDir: dir })
    await server.start()
    const port = server.port
    const first = await passwordSignIn(server.baseUrl, AUTHOR.email, AUTHOR.password, '10.21.0.1')
    expect(first.cookie, `sign-in answered ${first.status} ${first.location}`).toBeDefined()
    const before = await adminWith(server.baseUrl, first.cookie as string)
    expect(before.status).toBe(200)
    expect(await before.text()).toMatch(/Signed in as (<!-- -->)?Test Author/)

    // Another author, same AUTH_SECRET (from e2e/env.ts) and the same database.
    await server.stop()
    server = new AppServer({
      name: 'second author',
      pgliteDir: dir,
      port,
      env: {
        AUTHOR_EMAIL: OTHER.email,
        AUTHOR_PASSWORD_HASH: await bcrypt.hash(OTHER.password, 4),
      },
    })
    await server.start()

    // On PGlite the proxy can check a session only once the app has opened its
    // database (it never opens PGlite itself: proxy.ts), so the first view after a
    // restart may go through to the page, whose own check keeps /admin closed.
    const firstView = await adminWith(server.baseUrl, first.cookie as string)
    const firstBody = await firstView.text()
    expect(firstBody).not.toMatch(/Signed in as/)
    if (firstView.status === 200) expect(firstBody).toContain('/signin?callbackUrl=%2Fadmin')
    else expect(firstView.headers.get('location')).toMatch(/\/signin\?callbackUrl=%2Fadmin/)

    // With the database open: decided before rendering, a redirect, not a 200 page
    // that redirects in the browser.
    const after = await adminWith(server.baseUrl, first.cookie as string)
    expect(after.status).toBeGreaterThanOrEqual(300)
    expect(after.status).toBeLessThan(400)
    expect(after.headers.get('location')).toMatch(
      /^(http:\/\/localhost:\d+)?\/signin\?callbackUrl=%2Fadmin/,
    )
    expect(after.headers.get('strict-transport-security')).toContain('max-age=')
    expect(after.headers.get('x-frame-options')).toBe('DENY')
    // Ended for good: its cookie is cleared, and asking again is still a redirect.
    expect(after.headers.getSetCookie().join('\n')).toMatch(/authjs\.session-token=;/)
    expect((await adminWith(server.baseUrl, first.cookie as string)).status).toBe(307)

    // The old credentials no longer sign in; the new author's do, and /admin opens.
    const old = await passwordSignIn(server.baseUrl, AUTHOR.email, AUTHOR.password, '10.21.0.2')
    expect(old.cookie).toBeUndefined()
    const second = await passwordSignIn(server.baseUrl, OTHER.email, OTHER.password, '10.21.0.3')
    expect(second.cookie).toBeDefined()
    expect((await adminWith(server.baseUrl, second.cookie as string)).status).toBe(200)
  })

  test('a forged session cookie on /admin gets a redirect to sign in, not a 200', async () => {
    const response = await adminWith(
      (server as AppServer).baseUrl,
      'authjs.session-token=forged-not-a-jwt',
    )
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toMatch(/\/signin\?callbackUrl=%2Fadmin$/)
  })
})

test.describe('the lockout notice', () => {
  const dir = freshPgliteDir('lockout-notice')
  let server: AppServer | undefined
  let smtp: TestSmtp | undefined

  test.afterEach(async ({}, testInfo) => attachOutputsOnFailure(testInfo, [server]))
  test.afterAll(async () => {
    await server?.stop('SIGKILL')
    await smtp?.close()
    removePgliteDir(dir)
  })

  test('goes out right after the failure that pauses password sign-in, without a cron run, and names no GitHub', async () => {
    test.setTimeout(180_000)
    smtp = await startSmtp()
    // No GitHub configured (e2e/env.ts sets none), and no cron: nothing but the
    // sign-in requests can make the server send anything.
    server = new AppServer({
      name: 'lockout server',
      pgliteDir: dir,
      env: { SMTP_URL: smtp.url, SIGNIN_ACCOUNT_MAX_FAILURES: '3' },
    })
    await server.start()
    for (let i = 1; i <= 3; i++) {
      const attempt = await passwordSignIn(
        server.baseUrl,
        AUTHOR.email,
        `wrong password ${i}`,
        `10.22.0.${i}`,
      )
      expect(attempt.cookie).toBeUndefined()
    }
    const sentBy = Date.now() + 15_000
    while (smtp.mails.length === 0 && Date.now() < sentBy) await sleep(100)
    expect(smtp.mails, 'the lockout email, within 15 s').toHaveLength(1)
    const mail = smtp.mails[0]!
    expect(mail.subject).toMatch(/^Password sign-in to .+ is paused$/)
    expect(mail.text).toContain('3 failed attempts')
    expect(mail.text).not.toMatch(/github/i)
    expect(mail.text).toContain('Password sign-in is the only sign-in method configured')
    // Sign-in is paused indeed, even with the right password.
    const paused = await passwordSignIn(server.baseUrl, AUTHOR.email, AUTHOR.password, '10.22.1.1')
    expect(paused.cookie).toBeUndefined()
    expect(server.output).not.toContain('GitHub sign-in stays open')
  })
})
