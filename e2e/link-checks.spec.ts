import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { expect, test, type Page } from '@playwright/test'
import Webmention, { type SentMention } from '@remy/webmention'
import { encodeCursor } from '../lib/moderation/queue'
import { signInAsAuthor as authorCookie } from '../test/support/form-client'
import { E2E_BASE_URL, E2E_STAND_IN_PORT } from '../test/support/server-env'
import {
  READER_POST,
  fillLinkForm,
  formStatus,
  openDetails,
  openQueueAt,
  readerStoriesListing,
  signInAsAuthor,
  useClientIp,
} from './helpers'

/*
 * Readers' pages are played by a local server on 127.0.0.1:E2E_STAND_IN_PORT,
 * the one target the e2e server's OUTBOUND_ALLOW lets it fetch (see test/support/server-env.ts).
 * Serial, so one worker owns the port.
 */
test.describe.configure({ mode: 'serial' })
// Each test waits for work that runs after a response; on a loaded machine that takes a while.
test.setTimeout(120_000)

const TARGET = `${E2E_BASE_URL}${READER_POST}`
const STAND_IN = `http://127.0.0.1:${E2E_STAND_IN_PORT}`
const pages = new Map<string, string>()
let server: http.Server

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = pages.get(req.url ?? '')
    if (body === undefined) return void res.writeHead(404).end('not found')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(E2E_STAND_IN_PORT, '127.0.0.1', resolve))
})

test.afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const unique = (label: string) => `/${label}-${randomBytes(4).toString('hex')}`

const entry = (title: string, author: string, description: string) => `<!doctype html>
<html><head><title>${title} | A reader's blog</title>
<meta name="description" content="${description}"></head>
<body><article class="h-entry"><h1 class="p-name">${title}</h1>
<a class="p-author h-card" href="/">${author}</a>
<p class="e-content">I wrote this after reading <a href="${TARGET}">the post</a>.</p>
</article></body></html>`

/** The queue card for `url`, reloaded until its link check has run (it runs after the answer). */
async function checkedCard(author: Page, url: string) {
  const queue = '/admin?post=writing-about-failures&status=pending'
  let card = await openQueueAt(author, queue, url)
  await expect(async () => {
    card = await openQueueAt(author, queue, url)
    await expect(card.getByLabel('Link check')).toContainText('Reachable', { timeout: 250 })
  }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] })
  return card
}

test('a form submission shows its link check in /admin, with the title filled from the page', async ({
  page,
  browser,
}) => {
  const path = unique('form-story')
  const url = `${STAND_IN}${path}`
  pages.set(path, entry('The deploy that ate Friday', 'Noor', 'A rollback story.'))
  await useClientIp(page)
  await page.goto(READER_POST)
  await fillLinkForm(page, { url, name: 'Noor' })
  await page.getByRole('button', { name: 'Send my link' }).click()
  await expect(formStatus(page)).toContainText('will appear')

  const author = await browser.newPage()
  await signInAsAuthor(author)
  const card = await checkedCard(author, url)
  await openDetails(card)
  const check = card.getByLabel('Link check')
  await expect(check).toContainText('HTTP 200')
  await expect(check).toContainText('links back: yes')
  await expect(check).toContainText('The deploy that ate Friday')
  await expect(check).toContainText('A rollback story.')
  // The empty title was filled in from the page, and stays editable.
  await expect(card.getByLabel('Title')).toHaveValue('The deploy that ate Friday')

  // The page stops linking back: "Check again" shows it at once.
  pages.set(path, '<html><head><title>Moved on</title></head><body>nothing</body></html>')
  await check.getByRole('button', { name: 'Check again' }).click()
  await expect(check.getByRole('status')).toHaveText('Checked: reachable.')
  const again = await openQueueAt(author, '/admin?post=writing-about-failures&status=pending', url)
  await openDetails(again)
  await expect(again.getByLabel('Link check')).toContainText('links back: no')

  // Gone: the check fails and the Broken filter lists it.
  pages.delete(path)
  await again.getByLabel('Link check').getByRole('button', { name: 'Check again' }).click()
  await expect(again.getByLabel('Link check').getByRole('status')).toHaveText(
    'Checked: not reachable.',
  )
  const broken = await openQueueAt(author, '/admin?check=broken', url)
  await expect(broken.getByLabel('Link check')).toContainText('Not reachable')
  await expect(broken.getByLabel('Link check')).toContainText('HTTP 404')
  await author.close()
})

test('a Webmention is acknowledged, shows its check in /admin, and once approved appears under the post', async ({
  page,
  browser,
  request,
}) => {
  // Discovery: the post advertises the endpoint in a header and in its head.
  const post = await request.get(READER_POST)
  expect(post.headers()['link']).toMatch(/<[^>]*\/webmention>; rel="webmention"/)
  await page.goto(READER_POST)
  await expect(page.locator('head link[rel="webmention"]')).toHaveAttribute(
    'href',
    `${E2E_BASE_URL}/webmention`,
  )

  const path = unique('mention')
  const source = `${STAND_IN}${path}`
  pages.set(path, entry('Green until it was not', 'Ravi', 'On trusting a passing build.'))

  const refused = await request.post('/webmention', { form: { source: TARGET, target: TARGET } })
  expect(refused.status()).toBe(400)
  expect(await refused.text()).toContain('The source and the target are the same URL.')

  const sent = await request.post('/webmention', { form: { source, target: TARGET } })
  expect(sent.status()).toBe(201)
  const location = sent.headers()['location'] ?? ''
  expect(location).toMatch(new RegExp(`^${E2E_BASE_URL}/webmention/status/`))
  await expect(async () => {
    const status = await request.get(location)
    expect(await status.text()).toContain('Status: accepted')
  }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] })

  const author = await browser.newPage()
  await signInAsAuthor(author)
  const card = await checkedCard(author, source)
  const check = card.getByLabel('Link check')
  await expect(check).toContainText('Webmention')
  await expect(check).toContainText('links back: yes')
  await expect(card.getByLabel('Title')).toHaveValue('Green until it was not')
  await expect(card.getByLabel('Name')).toHaveValue('Ravi')
  await card.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(card).toHaveCount(0)
  await author.close()

  const stories = await readerStoriesListing(page, 'writing-about-failures', source)
  const link = stories.locator(`a[href="${source}"]`)
  await expect(link).toHaveText('Green until it was not')
  await expect(link).toHaveAttribute('rel', 'ugc nofollow noopener')
})

/** What @remy/webmention sends for a source page: it fetches it, discovers each target's endpoint, and posts. */
function sendWithRemy(source: string): Promise<SentMention[]> {
  return new Promise((resolve, reject) => {
    const sent: SentMention[] = []
    const sender = new Webmention({ limit: 10, send: true })
    sender.on('sent', (mention) => sent.push(mention))
    sender.on('error', reject)
    sender.on('end', () => resolve(sent))
    sender.fetch(source)
  })
}

test('@remy/webmention, a sender someone else wrote, finds our endpoint on the post and sends; our receiver verifies it', async ({
  request,
}) => {
  const path = unique('remy')
  const source = `${STAND_IN}${path}`
  pages.set(path, entry('What the red build knew', 'Remi', 'Sent by a stranger’s tool.'))
  // The queue is read from just before: only a few rows of other tests can come first.
  const since = new Date(Date.now() - 5_000).toISOString()

  // It discovers the endpoint from our post (its Link header) and posts source and target there.
  expect(await sendWithRemy(source)).toEqual([
    expect.objectContaining({
      status: 201,
      error: null,
      source,
      target: TARGET,
      endpoint: { url: `${E2E_BASE_URL}/webmention`, type: 'webmention' },
    }),
  ])

  // Verified after the answer (the source links to the target): the mention is in the queue.
  const cookie = await authorCookie(E2E_BASE_URL)
  const queue = `/admin?post=writing-about-failures&status=pending&after=${encodeCursor({ status: 'pending', createdAt: since, id: 0 })}`
  await expect(async () => {
    const page = await request.get(queue, { headers: { cookie } })
    expect(await page.text()).toContain(source)
  }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] })
})

test('a link that keeps failing is flagged "Needs a look", stays shown, and the author keeps it', async ({
  page,
  browser,
}) => {
  const path = unique('failing')
  const url = `${STAND_IN}${path}`
  pages.set(path, entry('The flaky fixture', 'Ola', 'Tests that fail on Mondays.'))
  await useClientIp(page)
  await page.goto(READER_POST)
  await fillLinkForm(page, { url })
  await page.getByRole('button', { name: 'Send my link' }).click()
  await expect(formStatus(page)).toContainText('will appear')

  const author = await browser.newPage()
  await signInAsAuthor(author)
  const card = await checkedCard(author, url)
  await card.getByRole('button', { name: 'Approve', exact: true }).click()
  await expect(card).toHaveCount(0)

  // The page disappears; three failed checks in a row flag it, and it stays on the post.
  pages.delete(path)
  const approved = '/admin?post=writing-about-failures&status=approved'
  for (let i = 0; i < 3; i++) {
    const row = await openQueueAt(author, approved, url)
    await openDetails(row)
    await row.getByLabel('Link check').getByRole('button', { name: 'Check again' }).click()
    await expect(row.getByLabel('Link check').getByRole('status')).toHaveText(
      'Checked: not reachable.',
    )
  }
  const flagged = await openQueueAt(author, '/admin?check=look', url)
  await openDetails(flagged)
  await expect(flagged.getByRole('note')).toContainText(
    'Needs a look: its link failed 3 checks in a row (HTTP 404).',
  )
  await expect(
    author.getByRole('list', { name: 'Submissions by status' }).getByRole('link', {
      name: /^Needs a look: [1-9]\d*$/,
    }),
  ).toBeVisible()
  const stories = await readerStoriesListing(page, 'writing-about-failures', url)
  await expect(stories.locator(`a[href="${url}"]`)).toHaveCount(1)

  // "Keep shown" answers the flag; the History says what the check did and what the author did.
  await flagged.getByRole('button', { name: 'Keep shown' }).click()
  // Answered, it leaves the "Needs a look" view.
  await expect(flagged).toHaveCount(0)
  const kept = await openQueueAt(author, approved, url)
  await openDetails(kept)
  await expect(kept.getByRole('note')).toHaveCount(0)
  await kept.getByText(/^History/).click()
  await expect(kept.getByRole('list', { name: /History of submission/ })).toContainText(
    'via link-check',
  )
  await author.close()
})
