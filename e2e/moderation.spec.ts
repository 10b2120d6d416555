import { randomBytes } from 'node:crypto'
import { expect, test, type Locator, type Page, type Request } from '@playwright/test'
import { decodeHtml, signInAsAuthor as signInOverHttp } from '../test/support/form-client'
import { E2E_BASE_URL } from '../test/support/server-env'
import {
  openDetails,
  openQueueAt,
  queueMessage,
  readerStories,
  readerStoriesListing,
  signInAsAuthor,
  submissionId,
  submitStory,
  uniqueStoryUrl,
  useClientIp,
} from './helpers'
import { FORM_POST } from './posts'

const PENDING = `/admin?post=${FORM_POST}&status=pending`
const APPROVED = `/admin?post=${FORM_POST}&status=approved`
const SPAM = `/admin?post=${FORM_POST}&status=spam`
const DELETED = `/admin?post=${FORM_POST}&status=deleted`
const SEEDED = 'seeded-load'
/** Rows scripts/test-all.sh seeds for this post: six pages and more (the bench pages 100,000). */
const SEEDED_ROWS = 400

const button = (row: Locator | Page, name: string) => row.getByRole('button', { name, exact: true })

/**
 * How often `url` is linked on a public page, read from one load only (no
 * retries) over HTTP: the streamed list of readers' stories is in the same
 * response, so no browser is needed to see what the page shows.
 */
async function linksOn(page: Page, path: string, url: string): Promise<number> {
  const response = await page.request.get(path)
  expect(response.status()).toBe(200)
  return (await response.text()).split(`href="${url}"`).length - 1
}

const storyOnPost = (page: Page, url: string) => linksOn(page, `/posts/${FORM_POST}`, url)
const storyOnLinksPage = (page: Page, url: string) => linksOn(page, '/links', url)

/** A row by its id: after a move it is the line ("Approved · Undo"), no longer holding its link. */
const rowById = (page: Page, id: number) => page.locator(`#submission-${id}`)

test('a captured moderation request replayed without the session changes nothing', async ({
  page,
  browser,
  playwright,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('replay')
  await submitStory({ url, title: 'Replay target' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const row = await openQueueAt(author, PENDING, url)
  const id = await submissionId(row)

  // Capture the real Server Action request, and stop it before it reaches the server.
  let captured: Request | undefined
  await author.route('**/admin**', async (route) => {
    const request = route.request()
    if (request.method() === 'POST' && request.headers()['next-action']) {
      captured = request
      await route.abort()
      return
    }
    await route.continue()
  })
  await button(row, 'Approve').click()
  await expect.poll(() => captured).toBeDefined()
  await author.unrouteAll()
  const action = captured!
  const body = action.postDataBuffer()
  expect(body?.toString()).toContain(String(id))
  const headers = Object.fromEntries(
    Object.entries(await action.allHeaders()).filter(
      ([name]) => !['cookie', 'host', 'content-length', 'connection'].includes(name.toLowerCase()),
    ),
  )
  expect(headers['next-action']).toBeTruthy()

  const anonymous = await playwright.request.newContext()
  // As captured, minus the cookie: proxy.ts lets POSTs through, so the action's own
  // author check refuses it.
  const replay = await anonymous.post(action.url(), { headers, data: body, maxRedirects: 0 })
  expect(replay.ok()).toBe(false)
  expect(replay.status()).toBe(401)
  // A made-up session cookie does not fool the author check either.
  const forged = await anonymous.post(action.url(), {
    headers: { ...headers, cookie: 'authjs.session-token=forged-by-a-stranger' },
    data: body,
    maxRedirects: 0,
  })
  expect(forged.status()).toBe(401)
  await anonymous.dispose()

  // Still pending in the queue, and not on the post.
  const again = await openQueueAt(author, PENDING, url)
  await expect(again).toHaveAttribute('data-status', 'pending')
  expect(await storyOnPost(page, url)).toBe(0)

  // Control: the very same request with the author's session does approve it, so the
  // replay above was a faithful copy that failed only for want of the session.
  const withSession = await author.request.post(action.url(), { headers, data: body })
  expect(withSession.status()).toBe(200)
  const approved = await openQueueAt(author, APPROVED, url)
  await expect(approved).toHaveAttribute('data-status', 'approved')
  expect(await storyOnPost(page, url)).toBe(1)
  await author.close()
})

test('a move answers in place with an exact Undo, and the post and /links follow each one', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000)
  await useClientIp(page)
  const url = uniqueStoryUrl('in-place')
  await submitStory({ url, title: 'teh titel', name: 'anon' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const row = await openQueueAt(author, PENDING, url)
  const id = await submissionId(row)
  const line = rowById(author, id)

  // Edited, then approved: the row stays where it was as one line, with its Undo focused.
  await openDetails(row)
  await row.getByLabel('Title', { exact: true }).fill('The title, corrected')
  await row.getByLabel('Name', { exact: true }).fill('Ada L.')
  await button(row, 'Approve').click()
  await expect(line).toHaveText('Approved · Undo')
  await expect(button(line, 'Undo')).toBeFocused()
  await expect(queueMessage(author)).toHaveText('Approved 1 submission.')
  const section = await readerStoriesListing(page, FORM_POST, url)
  await expect(section.locator(`a[href="${url}"]`)).toHaveText('The title, corrected')
  await expect(
    section.locator('ul.stories > li').filter({ has: page.locator(`a[href="${url}"]`) }),
  ).toContainText('Shared by Ada L. · ')
  expect(await storyOnLinksPage(page, url)).toBe(1)

  // Undo takes the approval back exactly: the row is whole again, with its old words.
  await button(line, 'Undo').click()
  await expect(queueMessage(author)).toHaveText('Undone: 1 submission back as before.')
  await expect(line).toHaveAttribute('data-status', 'pending')
  await expect(line.locator('.row-title')).toHaveText('teh titel by anon')
  // The action has completed: the very next load of each page, straight away, must be current.
  expect(await storyOnPost(page, url)).toBe(0)
  expect(await storyOnLinksPage(page, url)).toBe(0)
  // The history holds both, by the author's name (never an internal id such as email:…).
  await openDetails(line)
  const entries = line.getByRole('list', { name: /^History of submission/ }).getByRole('listitem')
  await expect(entries).toHaveText([
    /UTC: created as pending via form$/,
    /UTC: pending → approved via admin by Test Author \(title and name edited\)$/,
    /UTC: approved → pending via admin by Test Author \(title and name edited; undo\)$/,
  ])
  await expect(entries.nth(0).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/)
  await expect(line).not.toContainText('email:')

  // An approved row edited in place: it stays open, its line above it, and the post shows it.
  await button(line, 'Approve').click()
  await expect(line).toHaveText('Approved · Undo')
  const approved = await openQueueAt(author, APPROVED, url)
  await expect(approved).toContainText(/moderated .+ by Test Author/)
  await openDetails(approved)
  await approved.getByLabel('Title', { exact: true }).fill('The title, final')
  await button(approved, 'Save title and name').click()
  await expect(approved.locator('.row-settled')).toHaveText('Saved · Undo')
  await expect(approved.locator('.row-title')).toHaveText('The title, final by anon')
  const again = await readerStories(page, FORM_POST)
  expect(await again.locator(`a[href="${url}"]`).textContent()).toBe('The title, final')

  // Spam is never published in one step; "Move to pending" (in the details) brings it back.
  const other = uniqueStoryUrl('spam')
  await submitStory({ url: other, title: 'Maybe spam' })
  const pending = await openQueueAt(author, PENDING, other)
  const otherId = await submissionId(pending)
  await button(pending, 'Spam').click()
  await expect(rowById(author, otherId)).toHaveText('Marked as spam · Undo')
  const spam = await openQueueAt(author, SPAM, other)
  await expect(button(spam, 'Approve')).toHaveCount(0)
  await openDetails(spam)
  await button(spam, 'Move to pending').click()
  await expect(rowById(author, otherId)).toHaveText('Moved to pending · Undo')
  const back = await openQueueAt(author, PENDING, other)
  await expect(back.locator('.status')).toHaveText('pending')
  await expect(button(back, 'Approve')).toBeVisible()
  expect(await storyOnPost(page, other)).toBe(0)
  await author.close()
})

test('search, select all, and bulk approve, reject, spam and delete, each with its Undo', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000)
  await useClientIp(page)
  const token = randomBytes(5).toString('hex')
  const urls = [1, 2, 3].map((i) => `https://bulk-${token}-${i}.example.com/story`)
  for (const [i, url] of urls.entries()) await submitStory({ url, title: `Bulk ${i + 1}` })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  // Search applies on Enter: only this test's rows, whatever other specs send meanwhile.
  await author.getByLabel('Search').fill(token)
  await author.getByLabel('Search').press('Enter')
  await expect(author).toHaveURL(new RegExp(`q=${token}`))
  const rows = author.locator('ol.submissions > li')
  await expect(rows).toHaveCount(3)
  const ids = await Promise.all(urls.map(async (u) => submissionId(rows.filter({ hasText: u }))))

  // Nothing selected: a plain sentence in the UI font, gone at the next move.
  await button(author, 'Approve selected').click()
  const message = queueMessage(author)
  await expect(message).toHaveText('Nothing changed: select at least one submission first.')
  expect(await message.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/system-ui/)

  const selectAll = author.getByLabel('Select all on this page')
  await selectAll.check()
  for (const id of ids) {
    await expect(author.getByLabel(`Select submission ${id}`, { exact: true })).toBeChecked()
  }
  await button(author, 'Approve selected').click()
  await expect(message).toHaveText('Approved 3 submissions.')
  for (const id of ids) await expect(rowById(author, id)).toHaveText('Approved · Undo')
  for (const url of urls) await readerStoriesListing(page, FORM_POST, url)
  // Undo of the whole move, from the bar.
  const bar = author.getByRole('form', { name: 'Selected submissions' })
  await button(bar, 'Undo').click()
  await expect(message).toHaveText('Undone: 3 submissions back as before.')
  const whole = async () => {
    for (const [i, id] of ids.entries()) {
      await expect(rowById(author, id)).toContainText(`Bulk ${i + 1}`)
      await expect(rowById(author, id)).toHaveAttribute('data-status', 'pending')
    }
  }
  await whole()
  expect(await storyOnPost(page, urls[0]!)).toBe(0)

  // One row rejected, and undone from its own line.
  await author.getByLabel(`Select submission ${ids[1]}`, { exact: true }).check()
  await button(author, 'Reject selected').click()
  await expect(rowById(author, ids[1]!)).toHaveText('Rejected · Undo')
  await expect(rowById(author, ids[0]!)).toContainText('Bulk 1')
  await button(rowById(author, ids[1]!), 'Undo').click()
  await expect(rowById(author, ids[1]!)).toContainText('Bulk 2')

  // All to spam, and back.
  await selectAll.check()
  await button(author, 'Spam selected').click()
  for (const id of ids) await expect(rowById(author, id)).toHaveText('Marked as spam · Undo')
  await button(bar, 'Undo').click()
  await whole()

  // All deleted; one of them undone from its line: the other two are in the trash.
  await selectAll.check()
  await button(author, 'Delete selected').click()
  await expect(message).toHaveText('Deleted 3 submissions.')
  for (const id of ids) await expect(rowById(author, id)).toHaveText('Deleted · Undo')
  await button(rowById(author, ids[0]!), 'Undo').click()
  await expect(rowById(author, ids[0]!)).toContainText('Bulk 1')
  await author.goto(`${DELETED}&q=${token}`)
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('purged after')
  await author.close()
})

test('the counts, the filters and the search apply themselves, and work without JavaScript', async ({
  page,
  browser,
}) => {
  await signInAsAuthor(page, `/admin?post=${SEEDED}`)
  const counts = page.getByRole('list', { name: 'Submissions by status' })
  await expect(counts.getByRole('listitem')).toHaveText([
    `Pending: ${SEEDED_ROWS}`,
    'Approved: 0',
    'Rejected: 0',
    'Spam: 0',
    'Deleted: 0',
    // What automatic signals found, on this post.
    'Needs a look: 0',
    /^Broken: \d+$/,
  ])
  await counts.getByRole('link', { name: 'Approved: 0' }).click()
  await expect(page).toHaveURL(/\/admin\?.*status=approved/)
  const params = new URL(page.url()).searchParams
  expect(params.get('status')).toBe('approved')
  expect(params.get('post')).toBe(SEEDED)
  await expect(counts.getByRole('link', { name: 'Approved: 0' })).toHaveAttribute(
    'aria-current',
    'page',
  )
  await expect(page.getByRole('main').getByText('Nothing here.')).toBeVisible()
  // The filters follow the view.
  const status = page.getByLabel('Status', { exact: true })
  await expect(status).toHaveValue('approved')

  // A choice applies at once: there is no button to press.
  await expect(button(page, 'Filter')).toBeHidden()
  await status.selectOption('pending')
  await expect(page).toHaveURL(/status=pending/)
  const rows = page.locator('ol.submissions > li')
  await expect(rows).toHaveCount(50)
  const shown = await rows.evaluateAll((lis) =>
    lis.map(
      (li) => `${li.getAttribute('data-status')} ${li.querySelector('.row-post')?.textContent}`,
    ),
  )
  expect(new Set(shown)).toEqual(new Set([`pending ${SEEDED}`]))
  await page.getByLabel('Search').fill('Seeded story 399')
  await page.getByLabel('Search').press('Enter')
  await expect(rows).toHaveCount(1)
  await expect(rows.first().locator('.row-title')).toHaveText('Seeded story 399')

  // Across all posts there are at least the seeded ones.
  await page.goto('/admin')
  const all = await counts.getByRole('listitem').first().textContent()
  expect(Number(/Pending: (\d+)/.exec(all ?? '')?.[1])).toBeGreaterThanOrEqual(SEEDED_ROWS)

  // Without JavaScript the same form applies with its button.
  const plain = await browser.newContext({ javaScriptEnabled: false })
  const noScript = await plain.newPage()
  await signInAsAuthor(noScript, `/admin?post=${SEEDED}`)
  await noScript.getByLabel('Status', { exact: true }).selectOption('approved')
  await button(noScript, 'Filter').click()
  await expect(noScript).toHaveURL(/status=approved/)
  expect(new URL(noScript.url()).searchParams.get('post')).toBe(SEEDED)
  await expect(noScript.getByRole('main').getByText('Nothing here.')).toBeVisible()
  await plain.close()
})

test('the queue pages through the seeded submissions, forwards and back, and is never cached', async ({
  request,
}) => {
  const signin = await request.get('/signin')
  expect(signin.headers()['cache-control']).toContain('no-store')
  const cookie = await signInOverHttp(E2E_BASE_URL)
  const load = async (path: string) => {
    const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 })
    expect(response.status(), path).toBe(200)
    expect(response.headers()['cache-control']).toContain('no-store')
    expect(response.headers()['cache-control']).toContain('private')
    return response.text()
  }
  // Rows in order; the pages' own links, followed as a browser would.
  const titles = (html: string) =>
    [...html.matchAll(/class="row-title-text"[^>]*>([^<]*)</g)].map((m) => decodeHtml(m[1]!))
  const link = (html: string, text: string) => {
    const href = new RegExp(`<a [^>]*href="([^"]+)"[^>]*>${text}</a>`).exec(html)?.[1]
    return href ? decodeHtml(href) : undefined
  }
  const seq = (from: number) => Array.from({ length: 50 }, (_, i) => `Seeded story ${from + i}`)

  let html = await load(`/admin?post=${SEEDED}`)
  // Oldest first: the seed numbers its rows in creation order.
  expect(titles(html)).toEqual(seq(1))
  expect(link(html, '← Previous page')).toBeUndefined()
  const pages: string[][] = [titles(html)]
  for (let n = 2; n <= 6; n++) {
    html = await load(link(html, 'Next page →')!)
    const shown = titles(html)
    expect(shown).toEqual(seq((n - 1) * 50 + 1))
    expect(shown.filter((t) => pages.flat().includes(t))).toEqual([])
    pages.push(shown)
  }
  html = await load(link(html, '← Previous page')!)
  expect(titles(html)).toEqual(pages[4])
  const deep = link(html, '← Previous page')!
  html = await load(deep)
  expect(titles(html)).toEqual(pages[3])
  // A second load of a deep page shows the same rows (how fast: bench section 6).
  expect(titles(await load(deep))).toEqual(pages[3])
})
