import { expect, test, type Locator, type Page, type Request } from '@playwright/test'
import { E2E_BASE_URL } from '../test/support/server-env'
import {
  openQueueAt,
  queueContains,
  readerStories,
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
const ALL = `/admin?post=${FORM_POST}`
const SEEDED = 'seeded-load'
/** Rows scripts/test-all.sh seeds for this post: six pages and more (the bench pages 100,000). */
const SEEDED_ROWS = 400

const button = (row: Locator, name: string) => row.getByRole('button', { name, exact: true })

/** The link for `url` on the post, read from the first load only: no retries. */
async function storyOnPost(page: Page, url: string): Promise<number> {
  const section = await readerStories(page, FORM_POST)
  return section.locator(`a[href="${url}"]`).count()
}

async function storyOnLinksPage(page: Page, url: string): Promise<number> {
  await page.goto('/links')
  const main = page.getByRole('main')
  await expect(main.getByText('Loading readers’ stories…')).toHaveCount(0)
  await expect(
    main.locator('section h2').first().or(main.getByText('No stories have been published yet.')),
  ).toBeVisible()
  return main.locator(`a[href="${url}"]`).count()
}

/** Titles of the queue rows currently shown (visible only: Next keeps hidden copies of earlier pages). */
const rowTitles = (page: Page) =>
  page
    .locator('ol.submissions:visible > li')
    .evaluateAll((lis) =>
      lis.map((li) => li.querySelector('p:nth-of-type(2) a')?.textContent ?? ''),
    )

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

test('bulk approve publishes both selected submissions', async ({ page, browser }) => {
  await useClientIp(page)
  const first = uniqueStoryUrl('bulk-1')
  const second = uniqueStoryUrl('bulk-2')
  await submitStory({ url: first, title: 'Bulk one' })
  await submitStory({ url: second, title: 'Bulk two' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const rowOne = await openQueueAt(author, PENDING, first)
  const rowTwo = await openQueueAt(author, PENDING, second)
  for (const row of [rowOne, rowTwo]) {
    const id = await submissionId(row)
    await author.getByRole('checkbox', { name: `Select submission ${id}`, exact: true }).check()
  }
  await author.getByRole('button', { name: 'Approve selected' }).click()
  await expect(author.locator('#bulk-form').getByRole('status')).toHaveText(
    'Approved: 2 submissions.',
  )
  await expect(rowOne).toHaveCount(0)
  await expect(rowTwo).toHaveCount(0)
  await author.close()

  const section = await readerStories(page, FORM_POST)
  await expect(section.locator(`a[href="${first}"]`)).toHaveText('Bulk one')
  await expect(section.locator(`a[href="${second}"]`)).toHaveText('Bulk two')
})

test('a title and name edited before approving are what the post shows', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('edit')
  await submitStory({ url, title: 'teh titel', name: 'anon' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const row = await openQueueAt(author, PENDING, url)
  await expect(row.getByLabel('Title', { exact: true })).toHaveValue('teh titel')
  await row.getByLabel('Title', { exact: true }).fill('The title, corrected')
  await row.getByLabel('Name', { exact: true }).fill('Ada L.')
  await button(row, 'Approve').click()
  await expect(row).toHaveCount(0)
  await author.close()

  const section = await readerStories(page, FORM_POST)
  const link = section.locator(`a[href="${url}"]`)
  await expect(link).toHaveText('The title, corrected')
  await expect(
    section.locator('ul.stories > li').filter({ has: page.locator(`a[href="${url}"]`) }),
  ).toContainText('Shared by Ada L. · ')
  await expect(section.getByText('teh titel')).toHaveCount(0)

  // Editing an approved row in place shows on the next load of the post.
  const editor = await browser.newPage()
  await signInAsAuthor(editor, APPROVED)
  const approved = await openQueueAt(editor, APPROVED, url)
  await approved.getByLabel('Title', { exact: true }).fill('The title, final')
  await button(approved, 'Save title and name').click()
  // The card re-renders from the database with the new title once the action is done.
  await expect(approved.getByRole('link', { name: 'The title, final' })).toHaveAttribute(
    'href',
    url,
  )
  await editor.close()
  const again = await readerStories(page, FORM_POST)
  expect(await again.locator(`a[href="${url}"]`).textContent()).toBe('The title, final')
})

test('"Mark as spam" and then "Move to pending" bring a submission back', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('spam')
  await submitStory({ url, title: 'Maybe spam' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const pending = await openQueueAt(author, PENDING, url)
  await button(pending, 'Mark as spam').click()
  await expect(pending).toHaveCount(0)

  const spam = await openQueueAt(author, SPAM, url)
  await expect(spam).toHaveAttribute('data-status', 'spam')
  // Spam cannot be published in one step.
  await expect(button(spam, 'Approve')).toHaveCount(0)
  await button(spam, 'Move to pending').click()
  await expect(spam).toHaveCount(0)

  const back = await openQueueAt(author, PENDING, url)
  await expect(back).toHaveAttribute('data-status', 'pending')
  await expect(back.locator('.status')).toHaveText('pending')
  await expect(button(back, 'Approve')).toBeVisible()
  await author.close()
  expect(await storyOnPost(page, url)).toBe(0)
})

test('"Delete" removes the submission', async ({ page, browser }) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('delete')
  await submitStory({ url, title: 'Delete me' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const row = await openQueueAt(author, PENDING, url)
  await button(row, 'Delete').click()
  await expect(row).toHaveCount(0)
  expect(await queueContains(author, ALL, url)).toBe(false)
  await author.close()
})

test('taking back an approval removes the link from the post and /links on the next load', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('take-back')
  await submitStory({ url, title: 'Published, then not' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const pending = await openQueueAt(author, PENDING, url)
  await button(pending, 'Approve').click()
  await expect(pending).toHaveCount(0)
  // Each check below is one page load, with no retry: the first load must be right.
  expect(await storyOnPost(page, url)).toBe(1)
  expect(await storyOnLinksPage(page, url)).toBe(1)

  const approved = await openQueueAt(author, APPROVED, url)
  await button(approved, 'Move to pending').click()
  await expect(approved).toHaveCount(0)
  // The action has completed: the very next load of each page, straight away, must be current.
  expect(await storyOnPost(page, url)).toBe(0)
  expect(await storyOnLinksPage(page, url)).toBe(0)
  await author.close()
})

test('the queue shows how many submissions are in each status', async ({ page }) => {
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

  // Across all posts there are at least the seeded ones.
  await page.goto('/admin')
  const all = await counts.getByRole('listitem').first().textContent()
  expect(Number(/Pending: (\d+)/.exec(all ?? '')?.[1])).toBeGreaterThanOrEqual(SEEDED_ROWS)
})

test('the filters narrow the queue by status and by post', async ({ page, browser }) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('filter')
  await submitStory({ url, title: 'Filtered' })

  const author = await browser.newPage()
  await signInAsAuthor(author, PENDING)
  const row = await openQueueAt(author, PENDING, url)
  await button(row, 'Approve').click()
  await expect(row).toHaveCount(0)

  await author.goto('/admin')
  await author.getByLabel('Status', { exact: true }).selectOption('approved')
  await author.getByLabel('Post', { exact: true }).selectOption(FORM_POST)
  await author.getByRole('button', { name: 'Filter' }).click()
  await expect(author).toHaveURL(/status=approved/)
  const params = new URL(author.url()).searchParams
  expect(params.get('status')).toBe('approved')
  expect(params.get('post')).toBe(FORM_POST)
  const rows = author.locator('ol.submissions:visible > li')
  await expect(rows.first()).toBeVisible()
  await expect(author.getByLabel('Status', { exact: true })).toHaveValue('approved')
  const shown = await rows.evaluateAll((lis) =>
    lis.map((li) => [li.getAttribute('data-status'), li.querySelector('.meta a')?.textContent]),
  )
  for (const [status, slug] of shown) {
    expect(status).toBe('approved')
    expect(slug).toBe(FORM_POST)
  }
  expect(await queueContains(author, author.url().replace(E2E_BASE_URL, ''), url)).toBe(true)

  await author.getByLabel('Status', { exact: true }).selectOption('pending')
  await author.getByLabel('Post', { exact: true }).selectOption(SEEDED)
  await author.getByRole('button', { name: 'Filter' }).click()
  await expect(author).toHaveURL(new RegExp(`post=${SEEDED}`))
  await expect(author.locator('ol.submissions:visible > li')).toHaveCount(50)
  const seeded = await author
    .locator('ol.submissions:visible > li')
    .evaluateAll((lis) =>
      lis.map((li) => [li.getAttribute('data-status'), li.querySelector('.meta a')?.textContent]),
    )
  expect(new Set(seeded.map(([s, p]) => `${s} ${p}`))).toEqual(new Set([`pending ${SEEDED}`]))
  await author.close()
})

test('the queue pages through the seeded submissions, forwards and back', async ({ page }) => {
  const timeout = 10_000
  await signInAsAuthor(page)
  const response = await page.goto(`/admin?post=${SEEDED}`, { timeout })
  expect(response?.status()).toBe(200)
  const rows = page.locator('ol.submissions:visible > li')
  await expect(rows).toHaveCount(50, { timeout })
  // Oldest first: the seed numbers its rows in creation order.
  const seq = (from: number) => Array.from({ length: 50 }, (_, i) => `Seeded story ${from + i}`)
  expect(await rowTitles(page)).toEqual(seq(1))
  await expect(page.getByRole('link', { name: '← Previous page' })).toHaveCount(0)

  const pages: string[][] = [await rowTitles(page)]
  for (let n = 2; n <= 6; n++) {
    await page.getByRole('link', { name: 'Next page →' }).click({ timeout })
    await expect(page.locator('ol.submissions:visible > li').first()).toContainText(
      `Seeded story ${(n - 1) * 50 + 1}`,
      { timeout },
    )
    await expect(rows).toHaveCount(50, { timeout })
    const titles = await rowTitles(page)
    expect(titles).toEqual(seq((n - 1) * 50 + 1))
    expect(titles.filter((t) => pages.flat().includes(t))).toEqual([])
    pages.push(titles)
  }

  await page.getByRole('link', { name: '← Previous page' }).click({ timeout })
  await expect(page.locator('ol.submissions:visible > li').first()).toContainText(
    'Seeded story 201',
    { timeout },
  )
  expect(await rowTitles(page)).toEqual(pages[4])
  await page.getByRole('link', { name: '← Previous page' }).click({ timeout })
  await expect(page.locator('ol.submissions:visible > li').first()).toContainText(
    'Seeded story 151',
    { timeout },
  )
  expect(await rowTitles(page)).toEqual(pages[3])

  // A full load of a deep page shows the same rows (how fast: bench section 6).
  await page.reload({ timeout })
  await expect(rows).toHaveCount(50, { timeout })
  expect(await rowTitles(page)).toEqual(pages[3])
})

test('/admin and /signin responses are never cached', async ({ page }) => {
  const signin = await page.goto('/signin')
  expect(signin?.headers()['cache-control']).toContain('no-store')
  await signInAsAuthor(page)
  const admin = await page.goto(`/admin?post=${SEEDED}`)
  expect(admin?.status()).toBe(200)
  expect(admin?.headers()['cache-control']).toContain('no-store')
  expect(admin?.headers()['cache-control']).toContain('private')
})
