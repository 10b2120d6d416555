import { expect, test } from '@playwright/test'
import { hiddenFields, loadActionForm, submitLink } from '../test/support/form-client'
import { E2E_BASE_URL } from '../test/support/server-env'
import {
  READER_POST,
  openDetails,
  openQueueAt,
  randomIp,
  readerStories,
  readerStoriesListing,
  sendLink,
  signInAsAuthor,
  uniqueStoryUrl,
  useClientIp,
} from './helpers'

/*
 * The reader's private status page (/links/status/<token>): the journey in a
 * browser (its Withdraw is a plain form post, so the browser's own headers from a
 * no-referrer page are what the proxy judges), and over HTTP what a browser
 * without JavaScript sends and what only HTTP shows (headers, status codes, refusals).
 */

const STATUS_LINK = /\/links\/status\/[A-Za-z0-9_-]{43}/
const SLUG = 'writing-about-failures'

test('a reader follows the private link from the thank-you, and withdraws the link once it is published', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('status')
  await sendLink(page, { url, title: 'The test that lied', note: 'Only for the author.' })
  await page.getByRole('main').getByRole('link', { name: 'its private page' }).click()
  await expect(page).toHaveURL(STATUS_LINK)
  const statusPage = page.url()
  await expect(page.getByRole('heading', { name: 'Your link' })).toBeVisible()
  await expect(page.getByText(/^Waiting:/)).toBeVisible()
  await expect(page.getByRole('main')).not.toContainText('Only for the author.')

  const author = await browser.newPage()
  await signInAsAuthor(author)
  const card = await openQueueAt(author, `/admin?post=${SLUG}&status=pending`, url)
  await card.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(card).toHaveCount(0)
  await readerStoriesListing(page, SLUG, url)

  await page.goto(statusPage)
  await expect(page.getByText(/^Published:/)).toBeVisible()
  await page.getByRole('button', { name: 'Withdraw my link' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Your link is withdrawn: it is not shown under the post.',
  )
  await expect(page.getByText(/^Withdrawn:/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Withdraw my link' })).toHaveCount(0)
  // Off the post at once.
  const stories = await readerStories(page, SLUG)
  await expect(stories.locator(`a[href="${url}"]`)).toHaveCount(0)

  // The author sees who took it off, in the card and its History, and may still show it again.
  const withdrawn = await openQueueAt(author, `/admin?post=${SLUG}&status=approved`, url)
  await openDetails(withdrawn)
  await expect(withdrawn.getByRole('note')).toContainText('Withdrawn by the reader')
  await expect(withdrawn.getByRole('button', { name: 'Show again' })).toBeVisible()
  await expect(withdrawn.getByRole('list', { name: /History of submission/ })).toContainText(
    'via reader (withdrawn by the reader)',
  )
  await author.close()
})

test('over HTTP: the no-JS answer carries the link; the page is private, read-only and 404 for unknown tokens; a cross-site withdraw is refused', async ({
  request,
}) => {
  // Sent without JavaScript: the page the 303 leads back to carries the private link.
  const form = await loadActionForm(E2E_BASE_URL, READER_POST)
  const sent = await submitLink(
    E2E_BASE_URL,
    form,
    { url: uniqueStoryUrl('no-js'), name: 'Private Person', note: 'A note for the author only.' },
    { ip: randomIp(), path: READER_POST },
  )
  expect(sent.outcome).toBe('received')
  const statusPath = STATUS_LINK.exec(sent.body)?.[0]
  expect(statusPath, 'the answer page links to the status page').toBeDefined()

  const view = async () => {
    const response = await request.get(statusPath!)
    return { response, html: await response.text() }
  }
  const first = await view()
  expect(first.response.status()).toBe(200)
  expect(first.response.headers()).toMatchObject({
    'x-robots-tag': 'noindex, nofollow',
    'referrer-policy': 'no-referrer',
  })
  expect(first.response.headers()['cache-control']).toContain('no-store')
  expect(first.html).toContain('<meta name="robots" content="noindex, nofollow"/>')
  expect(first.html).toContain('<meta name="referrer" content="no-referrer"/>')
  expect(first.html).toContain('Waiting')
  for (const secret of ['A note for the author only.', 'Private Person']) {
    expect(first.html).not.toContain(secret)
  }
  // A GET changes nothing.
  expect((await view()).html).toContain('Waiting')

  // Unknown or malformed tokens: a real 404, in the site's look.
  for (const path of [`/links/status/${'A'.repeat(43)}`, '/links/status/nope']) {
    const missing = await request.get(path)
    expect(missing.status(), path).toBe(404)
    expect(await missing.text()).toContain('Page not found')
  }

  // The Withdraw button is a plain form post; from another site it is refused and changes nothing.
  expect(first.html).toContain('action="/links/withdraw"')
  const fields = Object.fromEntries(hiddenFields(first.html, 'token'))
  const withdraw = (headers: Record<string, string>) =>
    request.post('/links/withdraw', { form: fields, headers, maxRedirects: 0 })
  for (const foreign of <Record<string, string>[]>[
    { origin: 'https://elsewhere.example' },
    { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
    { origin: 'null' },
  ]) {
    expect((await withdraw(foreign)).status(), JSON.stringify(foreign)).toBe(403)
  }
  expect((await view()).html).toContain('Waiting')

  // From the page itself, without JavaScript: a redirect back to it, which says so. Twice is harmless.
  for (let i = 0; i < 2; i++) {
    // As a browser posts it from a no-referrer page.
    const own = await withdraw({ origin: 'null', 'sec-fetch-site': 'same-origin' })
    expect(own.status()).toBe(303)
    expect(own.headers()['location']).toBe(`${statusPath}?withdrawn=1`)
  }
  const after = await request.get(`${statusPath}?withdrawn=1`)
  const html = await after.text()
  expect(html).toContain('Your link is withdrawn: it is not shown under the post.')
  expect(html).not.toContain('Withdraw my link')
})
