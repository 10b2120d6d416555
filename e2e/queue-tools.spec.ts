import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import {
  collectErrors,
  openQueueAt,
  queueContains,
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
const REJECTED = `/admin?post=${FORM_POST}&status=rejected`
const SPAM = `/admin?post=${FORM_POST}&status=spam`
const DELETED = `/admin?post=${FORM_POST}&status=deleted`
const ALL = `/admin?post=${FORM_POST}`

const button = (scope: Locator | Page, name: string) =>
  scope.getByRole('button', { name, exact: true })

/**
 * Clicks a status button on a queue row and waits until the row has left the
 * view, so the change is stored before the test navigates (a navigation right
 * after the click can cancel the action still in flight).
 */
async function moveRow(row: Locator, name: string): Promise<void> {
  await button(row, name).click()
  await expect(row).toHaveCount(0)
}

/**
 * A registrable domain no other test (or earlier run) uses: rules act on whole
 * domains, so the shared example.com of the other specs must never get one.
 * The server never fetches these links.
 */
const uniqueDomain = (tld = 'com') => `rgr-${randomBytes(5).toString('hex')}.${tld}`

/** The author, in a browser context of their own (axe needs a page made that way). */
async function authorPage(page: Page, path: string): Promise<Page> {
  const context = await page.context().browser()!.newContext()
  const author = await context.newPage()
  await signInAsAuthor(author, path)
  return author
}

// Each test is a whole moderation story across two browsers, on a shared, busy machine.
test.describe.configure({ timeout: 180_000 })

test('"Always approve links from <domain>" approves the row and the next link from that domain at once', async ({
  page,
}) => {
  await useClientIp(page)
  const domain = uniqueDomain()
  const first = `https://www.${domain}/first-failure`
  await submitStory({ url: first, title: 'First from a friend' })

  const author = await authorPage(page, PENDING)
  const row = await openQueueAt(author, PENDING, first)
  await button(row, `Always approve links from ${domain}`).click()
  // The row leaves the pending view: it is approved.
  await expect(row).toHaveCount(0)
  await expect(await openQueueAt(author, APPROVED, first)).toHaveAttribute(
    'data-status',
    'approved',
  )

  // The next link from any subdomain is public without the author doing anything,
  // and the reader is told so.
  const next = `https://notes.${domain}/second-failure`
  await submitStory({ url: next, title: 'Second from a friend' }, 'published')
  await readerStoriesListing(page, FORM_POST, next)
  const auto = await openQueueAt(author, APPROVED, next)
  await auto.getByText(/^History/).click()
  await expect(auto.getByRole('list', { name: /^History of submission/ })).toContainText(
    `created as approved via trusted-domain rule (${domain})`,
  )

  // The list shows it, and removing it there makes the domain wait again.
  await author.goto('/admin/domains')
  const trusted = author.getByRole('region', { name: 'Trusted domains' })
  await expect(trusted.getByRole('cell', { name: domain, exact: true })).toBeVisible()
  await trusted.getByRole('button', { name: `Remove ${domain}` }).click()
  await expect(trusted.getByRole('cell', { name: domain, exact: true })).toHaveCount(0)
  const third = `https://${domain}/third`
  await submitStory({ url: third })
  await expect(await openQueueAt(author, PENDING, third)).toHaveAttribute('data-status', 'pending')
  await author.context().close()
})

test('"Mark as spam and block <domain>" sends the row and later links from it to spam', async ({
  page,
}) => {
  await useClientIp(page)
  const domain = uniqueDomain('net')
  const first = `https://${domain}/cheap-pills`
  await submitStory({ url: first })

  const author = await authorPage(page, PENDING)
  const row = await openQueueAt(author, PENDING, first)
  await button(row, `Mark as spam and block ${domain}`).click()
  await expect(row).toHaveCount(0)
  await expect(await openQueueAt(author, SPAM, first)).toHaveAttribute('data-status', 'spam')

  // The reader sees the usual thank-you; the link never reaches the pending queue.
  const next = `https://shop.${domain}/more-pills`
  await submitStory({ url: next })
  expect(await queueContains(author, PENDING, next)).toBe(false)
  const spam = await openQueueAt(author, SPAM, next)
  await spam.getByText(/^History/).click()
  await expect(spam.getByRole('list', { name: /^History of submission/ })).toContainText(
    `created as spam via blocked-domain rule (${domain})`,
  )

  // The lists can be edited by hand too: add a domain, switch it, remove it.
  await author.goto('/admin/domains')
  const blocked = author.getByRole('region', { name: 'Blocked domains' })
  await expect(blocked.getByRole('cell', { name: domain, exact: true })).toBeVisible()
  const typed = uniqueDomain('org')
  const add = author.getByRole('form', { name: 'Add a domain rule' })
  await add.getByLabel('Domain').fill(`https://blog.${typed}/some/post`)
  await add.getByLabel('Block: send its links to spam').check()
  await button(add, 'Save rule').click()
  await expect(add.getByRole('status')).toHaveText(
    `Blocked ${typed}: its links go straight to spam from now on.`,
  )
  await expect(blocked.getByRole('cell', { name: typed, exact: true })).toBeVisible()
  await add.getByLabel('Domain').fill(typed)
  await add.getByLabel('Trust: approve its links at once').check()
  await button(add, 'Save rule').click()
  const trusted = author.getByRole('region', { name: 'Trusted domains' })
  await expect(trusted.getByRole('cell', { name: typed, exact: true })).toBeVisible()
  await expect(blocked.getByRole('cell', { name: typed, exact: true })).toHaveCount(0)
  await trusted.getByRole('button', { name: `Remove ${typed}` }).click()
  await expect(trusted.getByRole('cell', { name: typed, exact: true })).toHaveCount(0)
  // Junk is refused with a clear message and changes nothing.
  await add.getByLabel('Domain').fill('co.uk')
  await button(add, 'Save rule').click()
  await expect(add.getByRole('status')).toHaveText(/^Nothing changed: /)
  await author.context().close()
})

test('Delete, then Undo, brings the row back exactly; the Deleted filter restores too', async ({
  page,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('undo')
  await submitStory({ url, title: 'Delete and undo me', name: 'Ada' })

  const author = await authorPage(page, PENDING)
  let row = await openQueueAt(author, PENDING, url)
  const id = await submissionId(row)
  await row.getByLabel('Title').fill('Edited before approval')
  await moveRow(row, 'Approve')
  row = await openQueueAt(author, APPROVED, url)
  const before = await row.locator('p').nth(1).textContent()
  await readerStoriesListing(page, FORM_POST, url)

  await button(row, 'Delete').click()
  const notice = author.getByRole('main').locator('.undo-notice')
  await expect(notice.getByRole('status').first()).toContainText(`Deleted submission ${id}`)
  await expect(row).toHaveCount(0)
  const confirmation = author.url()
  expect(new URL(confirmation).searchParams.get('undo')).toBe(String(id))
  expect(await queueContains(author, ALL, url)).toBe(false)

  // The confirmation's Undo (the page still offers it when opened again).
  await author.goto(confirmation)
  await button(author.getByRole('main'), 'Undo').click()
  await expect(author.getByRole('main').getByText('Restored 1 submission')).toBeVisible()
  row = await openQueueAt(author, APPROVED, url)
  await expect(row).toHaveAttribute('data-status', 'approved')
  await expect(row.locator('p').nth(1)).toHaveText(before ?? '')
  await expect(row.getByLabel('Name')).toHaveValue('Ada')
  await readerStoriesListing(page, FORM_POST, url)

  // Delete again and restore from the Deleted filter.
  await button(row, 'Delete').click()
  await expect(row).toHaveCount(0)
  const trashed = await openQueueAt(author, DELETED, url)
  await expect(trashed).toContainText('purged after')
  await button(trashed, 'Restore').click()
  await expect(author.getByRole('main').getByText('Restored 1 submission')).toBeVisible()
  await expect(await openQueueAt(author, APPROVED, url)).toHaveAttribute('data-status', 'approved')
  await author.context().close()
})

test('each row shows its audit log: who, when, from which status to which, through what', async ({
  page,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('audit')
  await submitStory({ url })

  const author = await authorPage(page, PENDING)
  await moveRow(await openQueueAt(author, PENDING, url), 'Approve')
  await moveRow(await openQueueAt(author, APPROVED, url), 'Reject')
  const row = await openQueueAt(author, REJECTED, url)
  await row.getByText('History (3 changes)').click()
  const entries = row.getByRole('list', { name: /^History of submission/ }).getByRole('listitem')
  await expect(entries).toHaveCount(3)
  await expect(entries.nth(0)).toHaveText(/UTC: created as pending via form$/)
  // By AUTHOR_NAME, never an internal id such as email:author@example.com (issue 21).
  await expect(entries.nth(1)).toHaveText(/UTC: pending → approved via admin by Test Author$/)
  await expect(entries.nth(2)).toHaveText(/UTC: approved → rejected via admin by Test Author$/)
  await expect(row).toContainText(/moderated .+ by Test Author/)
  await expect(row).not.toContainText('email:')
  await expect(entries.nth(0).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/)
  await author.context().close()
})

test('keyboard: j/k move between rows, a/r approve and reject the current one, never while typing', async ({
  page,
}) => {
  await useClientIp(page)
  const first = uniqueStoryUrl('keys-a')
  const second = uniqueStoryUrl('keys-b')
  await submitStory({ url: first })
  await submitStory({ url: second })

  const author = await authorPage(page, PENDING)
  const errors = collectErrors(author)
  const legend = author.getByRole('region', { name: 'Keyboard shortcuts' })
  await expect(legend).toBeVisible()
  await expect(legend).toContainText('j next submission')
  await expect(legend).toContainText('a approve')

  // A link to one row (as in a notification) makes it the current one.
  let row = await openQueueAt(author, PENDING, first)
  const id = await submissionId(row)
  const at = author.url()
  await author.goto('/about')
  await author.goto(`${at}#submission-${id}`)
  row = author.locator(`#submission-${id}`)
  await expect(row).toHaveAttribute('data-current', 'true')
  await expect(row).toBeFocused()

  const rows = author.locator('ol.submissions:visible > li')
  const ids = await rows.evaluateAll((lis) => lis.map((li) => li.id))
  const index = ids.indexOf(`submission-${id}`)
  await author.keyboard.press('j')
  const nextId = ids[Math.min(index + 1, ids.length - 1)]
  await expect(author.locator(`#${nextId}`)).toHaveAttribute('data-current', 'true')
  await expect(author.locator(`#${nextId}`)).toBeFocused()
  await author.keyboard.press('k')
  await expect(row).toHaveAttribute('data-current', 'true')

  // Typing in a field is typing: "a" goes into the title, nothing is approved.
  const title = row.getByLabel('Title')
  await title.fill('')
  await title.pressSequentially('ar')
  await expect(title).toHaveValue('ar')
  await expect(row).toHaveAttribute('data-status', 'pending')
  await title.fill('')

  // Out of the field, "a" approves the current row.
  await row.focus()
  await author.keyboard.press('a')
  await expect(author.locator(`#submission-${id}`)).toHaveCount(0)
  await expect(await openQueueAt(author, APPROVED, first)).toHaveAttribute(
    'data-status',
    'approved',
  )

  // "r" rejects, on the row a link points to.
  const other = await openQueueAt(author, PENDING, second)
  const otherId = await submissionId(other)
  const there = author.url()
  await author.goto('/about')
  await author.goto(`${there}#submission-${otherId}`)
  await expect(author.locator(`#submission-${otherId}`)).toBeFocused()
  await author.keyboard.press('r')
  await expect(await openQueueAt(author, REJECTED, second)).toHaveAttribute(
    'data-status',
    'rejected',
  )
  expect(errors).toEqual([])
  await author.context().close()
})

test('the author downloads every submission with its history as CSV and JSON; nobody else can', async ({
  page,
  playwright,
}) => {
  test.setTimeout(180_000)
  await useClientIp(page)
  const url = uniqueStoryUrl('export')
  await submitStory({ url, title: '=SUM(A1:A9)' })

  const author = await authorPage(page, PENDING)
  await moveRow(await openQueueAt(author, PENDING, url), 'Approve')
  await expect(await openQueueAt(author, APPROVED, url)).toBeVisible()

  const tools = author.getByRole('navigation', { name: 'Queue tools' })
  const [download] = await Promise.all([
    author.waitForEvent('download', { timeout: 120_000 }),
    tools.getByRole('link', { name: 'CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^submissions-\d{4}-\d\d-\d\d\.csv$/)
  const csv = await readFile((await download.path())!, 'utf8')
  expect(csv.startsWith('id,post,url,title,name,note,status,')).toBe(true)
  const line = csv.split('\r\n').find((l) => l.includes(url))
  // The title would be a formula in a spreadsheet: it is defused with a quote.
  expect(line).toContain(`,'=SUM(A1:A9),`)
  expect(line).toMatch(/new -> pending via form\n\S+ pending -> approved via admin by /)

  const json = await author.request.get('/admin/export?format=json', { timeout: 120_000 })
  expect(json.status()).toBe(200)
  expect(json.headers()['content-disposition']).toMatch(/^attachment; filename="submissions-/)
  const records = (await json.json()) as { url: string; status: string; history: unknown[] }[]
  const record = records.find((r) => r.url === url)
  expect(record).toMatchObject({ status: 'approved', title: '=SUM(A1:A9)' })
  expect(record?.history).toHaveLength(2)
  expect(record).not.toHaveProperty('ipHash')
  expect((await author.request.get('/admin/export?format=xml')).status()).toBe(400)

  // Without the author's session (a made-up cookie gets past the redirect): 401, no data.
  const stranger = await playwright.request.newContext({
    baseURL: new URL(author.url()).origin,
    extraHTTPHeaders: { cookie: 'authjs.session-token=forged' },
  })
  const refused = await stranger.get('/admin/export?format=json', { maxRedirects: 0 })
  expect(refused.status()).toBe(401)
  expect(await refused.text()).not.toContain(url)
  await stranger.dispose()
  await author.context().close()
})

test('axe finds no WCAG 2.1 A/AA violations on the queue, the Deleted view and the domain lists', async ({
  page,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('axe')
  await submitStory({ url })
  const author = await authorPage(page, PENDING)
  const row = await openQueueAt(author, PENDING, url)
  await button(row, 'Delete').click()
  await expect(author.getByRole('main').locator('.undo-notice')).toBeVisible()
  for (const path of [null, DELETED, '/admin/domains']) {
    if (path) await author.goto(path)
    await expect(author.getByRole('heading', { level: 1 })).toBeVisible()
    // Open every history, so its contents are checked too.
    for (const summary of await author.locator('details.history > summary').all()) {
      await summary.click()
    }
    const results = await new AxeBuilder({ page: author })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    expect(results.passes.length).toBeGreaterThan(0)
    expect(
      results.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      })),
      `on ${path ?? 'the queue after a delete'}`,
    ).toEqual([])
  }
  await author.context().close()
})

test('buttons and inputs use the UI font on one scale, and post pages ship no shortcut code', async ({
  page,
}) => {
  const author = await authorPage(page, '/admin')
  const fonts = await author.evaluate(() => {
    const body = getComputedStyle(document.body).fontFamily
    const controls = [
      ...document.querySelectorAll<HTMLElement>('button, input[type="text"], select'),
    ].map((el) => ({
      text: el.textContent?.trim() || el.getAttribute('name'),
      family: getComputedStyle(el).fontFamily,
      size: getComputedStyle(el).fontSize,
    }))
    return { body, controls }
  })
  const signOut = fonts.controls.find((c) => c.text === 'Sign out')
  const bulk = fonts.controls.find((c) => c.text === 'Approve selected')
  for (const control of [signOut, bulk]) {
    expect(control?.family).not.toBe(fonts.body)
    expect(control?.family).toMatch(/system-ui/)
  }
  // One scale: every control is 16 px or the small size, 14 px.
  expect(new Set(fonts.controls.map((c) => c.size))).toEqual(new Set(['16px', '14px']))
  await author.context().close()

  // The shortcuts are the admin's only: the legend and its code are not on a post.
  await page.goto(`/posts/${FORM_POST}`)
  await expect(page.getByRole('region', { name: 'Keyboard shortcuts' })).toHaveCount(0)
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('src') ?? ''))
  const bodies = await Promise.all(scripts.map(async (src) => (await page.request.get(src)).text()))
  expect(bodies.some((body) => body.includes('Press j to choose a submission first.'))).toBe(false)
})
