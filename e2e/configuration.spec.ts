/**
 * How the production server behaves with missing or wrong configuration. Each
 * test starts its own `next start` (the shared e2e server is fully configured).
 */
import { expect, test } from '@playwright/test'
import { AppServer } from '../test/support/app-server'
import { freshPgliteDir, removePgliteDir } from '../test/support/databases'

test.describe.configure({ mode: 'serial' })

test('with no sign-in configured, /signin explains how and the public site keeps working', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const dir = freshPgliteDir('unconfigured')
  const server = new AppServer({
    pgliteDir: dir,
    // A new folder, as a first deploy has: the server creates and migrates it.
    pgliteFromScratch: true,
    // Nothing implicit in production: no secret, no author account.
    env: { AUTH_SECRET: '', AUTHOR_EMAIL: '', AUTHOR_PASSWORD_HASH: '' },
  })
  await server.start()
  try {
    await page.goto(`${server.baseUrl}/signin`)
    await expect(page.getByRole('main')).toContainText('Moderation is not configured')
    await expect(page.getByRole('main')).toContainText('AUTHOR_PASSWORD_HASH')
    await expect(page.getByLabel('Password')).toHaveCount(0)

    await page.goto(`${server.baseUrl}/admin`)
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin$/)

    for (const path of ['/', '/posts/writing-about-failures', '/links', '/feed.xml']) {
      const response = await page.request.get(`${server.baseUrl}${path}`)
      expect(response.status(), path).toBe(200)
    }
  } finally {
    await server.stop()
    removePgliteDir(dir)
  }
})

test('an invalid environment variable stops the server at start, naming the variable', async () => {
  test.setTimeout(120_000)
  const server = new AppServer({ env: { RATE_LIMIT_MAX: 'lots' } })
  await expect(server.start()).rejects.toThrow(/exited before it was ready/)
  expect(server.output).toContain('RATE_LIMIT_MAX')
  await server.stop()
})
