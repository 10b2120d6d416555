import { expect, test, type Page } from '@playwright/test'
import { MESSAGES } from '../lib/submissions/form-state'
import {
  READER_POST,
  fillLinkForm,
  formStatus,
  openQueueAt,
  queueContains,
  randomIp,
  readerStoriesListing,
  sendLink,
  signInAsAuthor,
  uniqueStoryUrl,
  useClientIp,
} from './helpers'
import { CODE_POST, FORM_POST } from './posts'

const sendButton = (page: Page) =>
  page.getByRole('main').getByRole('button', { name: 'Send my link' })

async function expectFieldValues(
  page: Page,
  values: { url: string; title: string; name: string; note: string },
): Promise<void> {
  await expect(page.getByLabel('Link to your story')).toHaveValue(values.url)
  await expect(page.getByLabel('Title (optional)')).toHaveValue(values.title)
  await expect(page.getByLabel('Your name (optional)')).toHaveValue(values.name)
  await expect(page.getByLabel('A note for the author (optional)')).toHaveValue(values.note)
}

test('with JavaScript: the button shows a pending state, then the thank-you, and the fields are cleared', async ({
  page,
}) => {
  await useClientIp(page)
  await page.goto(READER_POST)
  const actions: string[] = []
  // Hold the server action for half a second so the in-flight state can be seen.
  await page.route(`**${READER_POST}`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    actions.push(route.request().headers()['next-action'] ?? '')
    await new Promise((resolve) => setTimeout(resolve, 500))
    await route.continue()
  })
  const url = uniqueStoryUrl('js')
  await fillLinkForm(page, { url, title: 'When the cache lied', name: 'Grace', note: 'Hi!' })
  await expect(formStatus(page)).toHaveText('')
  await sendButton(page).click()

  const pending = page.getByRole('main').getByRole('button', { name: 'Sending…' })
  await expect(pending).toBeVisible()
  await expect(pending).toBeDisabled()

  await expect(formStatus(page)).toHaveText(MESSAGES.received)
  await expect(formStatus(page)).toHaveClass(/form-success/)
  await expectFieldValues(page, { url: '', title: '', name: '', note: '' })
  await expect(sendButton(page)).toBeEnabled()
  // It went through the server action (fetch), not a page navigation.
  expect(actions).toHaveLength(1)
  expect(actions[0]).toMatch(/^[0-9a-f]+$/)
})

test('without JavaScript: the form is a plain POST and the page shows the thank-you', async ({
  browser,
}) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    extraHTTPHeaders: { 'x-forwarded-for': randomIp() },
  })
  const page = await context.newPage()
  const url = uniqueStoryUrl('no-js')
  await page.goto(READER_POST)
  await fillLinkForm(page, { url, title: 'A plain form post', name: 'Tim' })
  const [post] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.isNavigationRequest()),
    sendButton(page).click(),
  ])
  expect(post.headers()['next-action']).toBeUndefined()
  // The page has loaded by now; without JavaScript nothing changes later, so no long wait.
  await expect(formStatus(page)).toHaveText(MESSAGES.received, { timeout: 5_000 })
  await expect(page.getByLabel('Link to your story')).toHaveValue('')

  // It was stored: sending it again is recognised as a duplicate.
  await page.goto(READER_POST)
  await fillLinkForm(page, { url })
  await sendButton(page).click()
  await expect(formStatus(page)).toHaveText(MESSAGES.duplicateWaiting)
  await context.close()
})

for (const javaScriptEnabled of [true, false]) {
  test(`a field error keeps everything typed (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      javaScriptEnabled,
      extraHTTPHeaders: { 'x-forwarded-for': randomIp() },
    })
    const page = await context.newPage()
    const typed = {
      url: 'javascript:alert(1)',
      title: 'My worst deploy',
      name: 'Ada',
      note: 'Line one\nline two',
    }
    await page.goto(READER_POST)
    await fillLinkForm(page, typed)
    await sendButton(page).click()

    await expect(formStatus(page)).toHaveText(MESSAGES.invalid, {
      timeout: javaScriptEnabled ? undefined : 5_000,
    })
    await expect(formStatus(page)).toHaveClass(/form-error/)
    const url = page.getByLabel('Link to your story')
    await expect(url).toHaveAttribute('aria-invalid', 'true')
    await expect(url).toHaveAttribute('aria-describedby', /link-url-error/)
    await expect(page.locator('#link-url-error')).toHaveText(
      'Only http and https links are accepted.',
    )
    await expect(page.getByLabel('Title (optional)')).not.toHaveAttribute('aria-invalid', 'true')
    await expectFieldValues(page, typed)
    await context.close()
  })
}

test('the same link in another spelling is recognised as already received', async ({ page }) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('dup')
  await sendLink(page, { url, title: 'Original' })
  const host = new URL(url).host
  const variant = url.replace(host, host.toUpperCase()) + '/?utm_source=newsletter'
  expect(variant).not.toBe(url)

  await page.goto(READER_POST)
  await fillLinkForm(page, { url: variant, title: 'Again' })
  await sendButton(page).click()
  await expect(formStatus(page)).toHaveText(MESSAGES.duplicateWaiting)
  await expect(page.getByLabel('Link to your story')).toHaveValue('')
})

test('the sixth link from one address within the window is refused, keeping what was typed', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  await page.goto(READER_POST)
  for (let i = 1; i <= 5; i++) {
    await fillLinkForm(page, { url: uniqueStoryUrl(`rate-${i}`), title: `Story ${i}` })
    await sendButton(page).click()
    await expect(formStatus(page)).toHaveText(MESSAGES.received)
    await expect(page.getByLabel('Link to your story')).toHaveValue('')
  }
  const sixth = {
    url: uniqueStoryUrl('rate-6'),
    title: 'One too many',
    name: 'Eager',
    note: 'Please?',
  }
  await fillLinkForm(page, sixth)
  await sendButton(page).click()
  await expect(formStatus(page)).toContainText('Please wait about')
  await expect(formStatus(page)).toHaveText(/Please wait about \d+ minutes? and try again\.$/)
  await expect(formStatus(page)).toHaveClass(/form-error/)
  await expectFieldValues(page, sixth)

  // Nothing was stored for the refused one.
  const author = await browser.newPage()
  await signInAsAuthor(author, `/admin?post=${FORM_POST}`)
  expect(await queueContains(author, `/admin?post=${FORM_POST}&status=pending`, sixth.url)).toBe(
    false,
  )
  await author.close()
})

test('a bot that fills the honeypot is thanked, and nothing reaches the queue', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const botUrl = uniqueStoryUrl('bot')
  const humanUrl = uniqueStoryUrl('human')
  await page.goto(READER_POST)
  await fillLinkForm(page, { url: botUrl, title: 'Cheap pills' })
  const honeypot = page.locator('input[name="homepage"]')
  // Out of sight and out of the accessibility tree, so people never fill it.
  await expect(honeypot).not.toBeInViewport()
  await expect(page.locator('.hp')).toHaveAttribute('aria-hidden', 'true')
  await expect(honeypot).toHaveAttribute('tabindex', '-1')
  await honeypot.fill('https://spam.example.com', { force: true })
  await expect(honeypot).toHaveValue('https://spam.example.com')
  await sendButton(page).click()
  await expect(formStatus(page)).toHaveText(MESSAGES.received)
  await expect(page.getByLabel('Link to your story')).toHaveValue('')

  // A person's link sent the same way does reach the queue (so the check below can fail).
  await sendLink(page, { url: humanUrl, title: 'A real story' })

  const author = await browser.newPage()
  await signInAsAuthor(author, `/admin?post=${FORM_POST}`)
  await openQueueAt(author, `/admin?post=${FORM_POST}`, humanUrl)
  expect(await queueContains(author, `/admin?post=${FORM_POST}`, botUrl)).toBe(false)
  await author.close()
})

test('HTML in a title or name is shown as text after approval, and the link is marked rel="ugc nofollow noopener"', async ({
  page,
  browser,
}) => {
  const dialogs: string[] = []
  const url = uniqueStoryUrl('xss')
  const title = '<script>alert(1)</script>'
  const name = '<img src=x onerror=alert(2)>'
  await useClientIp(page)
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await sendLink(page, { url, title, name })

  const author = await browser.newPage()
  author.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await signInAsAuthor(author, `/admin?post=${FORM_POST}&status=pending`)
  const row = await openQueueAt(author, `/admin?post=${FORM_POST}&status=pending`, url)
  // The title as text beside the link, which goes where the reader sent it.
  await expect(row.locator('.row-title-text')).toHaveText(title)
  await expect(row.locator('.row-link a')).toHaveAttribute('href', url)
  await expect(row.getByLabel('Name')).toHaveValue(name)
  await row.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(row).toHaveCount(0)
  await author.close()

  const section = await readerStoriesListing(page, FORM_POST, url)
  const link = section.locator(`ul.stories a[href="${url}"]`)
  await expect(link).toHaveText(title)
  await expect(link).toHaveAttribute('rel', 'ugc nofollow noopener')
  const item = section.locator('ul.stories > li').filter({ has: page.locator(`a[href="${url}"]`) })
  await expect(item.locator('.meta')).toContainText(`Shared by ${name} · `)
  await expect(item.locator('script, img')).toHaveCount(0)

  await page.goto('/links')
  const onLinks = page.getByRole('main').locator(`a[href="${url}"]`)
  await expect(onLinks).toHaveText(title)
  await expect(onLinks).toHaveAttribute('rel', 'ugc nofollow noopener')
  await page.waitForTimeout(300) // give a stray script the chance to run
  expect(dialogs).toEqual([])
})

test('a post that does not take reader links has no form, and the server refuses one anyway', async ({
  page,
}) => {
  await page.goto(`/posts/${CODE_POST}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Send me your story' })).toHaveCount(0)
  await expect(page.getByLabel('Link to your story')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Send my link' })).toHaveCount(0)
  await expect(page.locator('form')).toHaveCount(0)

  // A tampered form that names that post is turned away.
  await useClientIp(page)
  await page.goto(READER_POST)
  await page.locator('input[name="postSlug"]').evaluate((el, slug) => {
    ;(el as HTMLInputElement).value = slug
  }, CODE_POST)
  const typed = { url: uniqueStoryUrl('closed'), title: 'Wrong post', name: 'Sly', note: '' }
  await fillLinkForm(page, typed)
  await sendButton(page).click()
  await expect(formStatus(page)).toHaveText(MESSAGES.closed)
  await expectFieldValues(page, typed)
})

test('without JavaScript, approved stories are readable on the post and on /links', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('no-js-read')
  await sendLink(page, { url, title: 'Readable without scripts' })
  const author = await browser.newPage()
  await signInAsAuthor(author, `/admin?post=${FORM_POST}&status=pending`)
  const row = await openQueueAt(author, `/admin?post=${FORM_POST}&status=pending`, url)
  await row.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(row).toHaveCount(0)
  await author.close()
  // With JavaScript it is there (so the failure below is about scripts, not data).
  const section = await readerStoriesListing(page, FORM_POST, url)
  await expect(section.locator(`a[href="${url}"]`)).toBeVisible()

  const context = await browser.newContext({ javaScriptEnabled: false })
  const noJs = await context.newPage()
  for (const path of [READER_POST, '/links']) {
    await noJs.goto(path)
    await expect(noJs.getByRole('main').locator(`a[href="${url}"]`), path).toBeVisible({
      timeout: 2_000,
    })
    await expect(noJs.getByText('Loading readers’ stories…'), path).toBeHidden({ timeout: 1_000 })
  }
  await context.close()
})
