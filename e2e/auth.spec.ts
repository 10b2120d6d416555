import { expect, test, type Page } from '@playwright/test'
import { AUTHOR, E2E_BASE_URL } from '../test/support/server-env'
import { WRONG_CREDENTIALS } from '../lib/auth/messages'
import { signInThroughForm, useClientIp } from './helpers'

const SESSION_COOKIE = 'authjs.session-token'

async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** The sign-in form's own error region (Next's route announcer is another role="alert"). */
const signInError = (page: Page) => page.getByRole('main').locator('form').getByRole('alert')

test('the sign-in page has labelled Email and Password fields and a Sign in button', async ({
  page,
}) => {
  const response = await page.goto('/signin')
  expect(response?.status()).toBe(200)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in')
  const main = page.getByRole('main')
  await expect(main.locator('label[for="signin-email"]')).toBeVisible()
  await expect(main.locator('label[for="signin-email"]')).toHaveText('Email')
  await expect(main.locator('label[for="signin-password"]')).toBeVisible()
  await expect(main.locator('label[for="signin-password"]')).toHaveText('Password')
  await expect(main.getByLabel('Email')).toHaveAttribute('type', 'email')
  await expect(main.getByLabel('Password')).toHaveAttribute('type', 'password')
  await expect(main.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expect(main.getByRole('button', { name: 'Sign in' })).toBeEnabled()
})

test('/admin sends a signed-out visitor to sign in, and back to /admin afterwards', async ({
  page,
}) => {
  const response = await page.goto('/admin?status=pending')
  expect(response?.request().redirectedFrom()).not.toBeNull()
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/)
  expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe('/admin?status=pending')
  await expect(page.getByRole('heading', { name: 'Moderation' })).toHaveCount(0)

  await fillSignIn(page, AUTHOR.email, AUTHOR.password)
  await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()
  await expect(page).toHaveURL(`${E2E_BASE_URL}/admin?status=pending`)
  await expect(page.getByRole('main')).toContainText('Signed in as Test Author.')
})

test('a wrong password is refused and the visitor stays on /signin', async ({ page, context }) => {
  await useClientIp(page) // failed attempts are throttled per address
  await page.goto('/signin?callbackUrl=%2Fadmin')
  await expect(signInError(page)).toHaveText('')
  await fillSignIn(page, AUTHOR.email, 'not the password')
  await expect(signInError(page)).toHaveText(WRONG_CREDENTIALS)
  await expect(page).toHaveURL(/\/signin/)
  await expect(page.getByLabel('Email')).toHaveValue(AUTHOR.email)
  await expect(page.getByLabel('Password')).toHaveValue('')
  expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE)
})

test('an email that is not the author’s is refused with the same answer as a wrong password', async ({
  page,
  context,
}) => {
  await useClientIp(page)
  await page.goto('/signin')
  await expect(signInError(page)).toHaveText('')
  await fillSignIn(page, 'someone.else@example.com', AUTHOR.password)
  // The same words as for a wrong password: the answer does not reveal the author's email.
  await expect(signInError(page)).toHaveText(WRONG_CREDENTIALS)
  await expect(page).toHaveURL(/\/signin/)
  expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE)
})

test('the session cookie is httpOnly, and signing out is one click after which /admin redirects again', async ({
  page,
  context,
}) => {
  await signInThroughForm(page)
  const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)
  expect(session).toBeDefined()
  expect(session!.httpOnly).toBe(true)
  expect(session!.sameSite).toBe('Lax')
  expect(session!.path).toBe('/')
  // Not readable from page scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE)

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page).toHaveURL(`${E2E_BASE_URL}/`)
  await expect(page.getByRole('heading', { level: 1, name: 'Latest posts' })).toBeVisible()
  expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE)

  await page.goto('/admin')
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin$/)
  await expect(page.getByRole('heading', { name: 'Moderation' })).toHaveCount(0)
})

for (const foreign of ['https://evil.example.org/x', '//evil.example.org']) {
  test(`a foreign callbackUrl (${foreign}) is ignored after signing in`, async ({ page }) => {
    const offsite: string[] = []
    // Should the app follow the callback, the browser must still never leave for real.
    await page.route(
      (url) => url.hostname.endsWith('evil.example.org'),
      async (route) => {
        offsite.push(route.request().url())
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'offsite' })
      },
    )
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(foreign)}`)
    await fillSignIn(page, AUTHOR.email, AUTHOR.password)
    await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()
    expect(page.url().startsWith(`${E2E_BASE_URL}/`)).toBe(true)
    await expect(page).toHaveURL(`${E2E_BASE_URL}/admin`)
    expect(offsite).toEqual([])
  })
}

test('without JavaScript the sign-in form is shown', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/signin')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in')
  await expect(page.getByLabel('Email')).toBeVisible({ timeout: 2_000 })
  await expect(page.getByRole('main').getByText('Loading…')).toBeHidden({ timeout: 1_000 })
  await context.close()
})
