import { expect, test } from '@playwright/test'
import { startSmtp, type TestSmtp } from '../test/support/notify-peers'
import { E2E_NOTIFY_TO, E2E_SMTP_PORT } from '../test/support/server-env'
import { READER_POST, readerStoriesListing, sendLink, uniqueStoryUrl, useClientIp } from './helpers'

/**
 * The author's loop against `next start`: a reader's link arrives as an email
 * on a real SMTP server, and its one-click link publishes it after a
 * confirmation, with no sign-in.
 */
let smtp: TestSmtp

// A cold server on a busy machine: the first post view compiles and caches.
// One SMTP server on a fixed port for the file: its tests share one worker.
test.describe.configure({ mode: 'default', timeout: 180_000 })

test.beforeAll(async () => {
  smtp = await startSmtp(E2E_SMTP_PORT)
})
test.afterAll(async () => {
  await smtp?.close()
})

/** The email about `url`, once the app has sent it (after its response, from the outbox). */
async function emailAbout(url: string) {
  let text = ''
  await expect(async () => {
    const mail = smtp.mails.find((m) => m.text?.includes(url))
    expect(mail, `an email about ${url}`).toBeDefined()
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe(E2E_NOTIFY_TO)
    text = mail?.text ?? ''
  }).toPass({ timeout: 20_000 })
  return text
}

const linkIn = (text: string, label: 'Approve' | 'Reject') => {
  const match = new RegExp(`${label}: +(\\S+)`).exec(text)
  if (!match?.[1]) throw new Error(`no ${label} link in:\n${text}`)
  return new URL(match[1])
}

test('a one-click approve from the email goes through a confirmation and shows the link on the post', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000)
  await useClientIp(page)
  const url = uniqueStoryUrl('one-click')
  await sendLink(page, {
    url,
    title: 'The deploy that ate Friday',
    name: 'Lin',
    note: 'Short read.',
  })

  const text = await emailAbout(url)
  expect(text).toContain('The deploy that ate Friday')
  expect(text).toContain('Lin')
  expect(text).toContain('Short read.')
  expect(text).toMatch(/In the queue: \S+\/admin\?\S+#submission-\d+/)
  const approve = linkIn(text, 'Approve')
  const reject = linkIn(text, 'Reject')
  // The email's links point at this server (SITE_URL); open their paths here.
  const approvePath = approve.pathname
  const rejectPath = reject.pathname

  // Mail scanners fetch links: GETs change nothing, however many.
  for (let i = 0; i < 3; i++) expect((await request.get(approvePath)).status()).toBe(200)
  const stories = await page.goto(READER_POST).then(() => page.locator('section.reader-links'))
  await expect(stories.locator(`a[href="${url}"]`)).toHaveCount(0)

  // A token is bound to its action: the approve token on the reject address is refused.
  const swapped = approvePath.replace('/approve/', '/reject/')
  expect((await request.get(swapped)).status()).toBe(400)
  // Tampered: one character of the signature changed.
  const forged = approvePath.slice(0, -1) + (approvePath.endsWith('A') ? 'B' : 'A')
  const forgedPage = await request.get(forged)
  expect(forgedPage.status()).toBe(403)
  expect(await forgedPage.text()).toContain('This link was not made by this site')

  await page.goto(approvePath)
  await expect(page.getByRole('heading', { name: 'Approve this link?' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText(url)
  await expect(page.getByRole('main')).toContainText('The deploy that ate Friday')
  const button = page.getByRole('button', { name: 'Approve and publish' })
  await expect(button).toHaveCount(1)
  await expect(page.getByRole('button')).toHaveCount(1)
  await button.click()
  await expect(page).toHaveURL(/\/moderate\/done\?/)
  await expect(page.getByRole('main').getByRole('status')).toContainText('Approved')

  const listing = await readerStoriesListing(page, 'writing-about-failures', url)
  await expect(listing.locator(`a[href="${url}"]`)).toHaveText('The deploy that ate Friday')

  // Used: the same link again is refused and changes nothing.
  await page.goto(approvePath)
  await expect(page.getByRole('heading', { name: 'This link has already been used' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Approve and publish' })).toHaveCount(0)
  // The reject link of the same email still shows what it would do, but did nothing yet.
  await page.goto(rejectPath)
  await expect(page.getByRole('heading', { name: 'Reject this link?' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText('approved')
})

test('refused one-click addresses get a 4xx and a page that says why', async ({ request }) => {
  const malformed = await request.get('/moderate/approve/not-a-token')
  expect(malformed.status()).toBe(400)
  expect(await malformed.text()).toContain('This link is not complete')
  expect((await request.get('/moderate/delete/not-a-token')).status()).toBe(400)
  // POSTing to the action without a valid token changes nothing either (covered
  // in the integration tests); the page's GET must never offer a way around it.
})
