import { randomBytes } from 'node:crypto'
import { expect, test, type BrowserContextOptions, type Locator, type Page } from '@playwright/test'
import { multipart, signInAsAuthor as signInOverHttp } from '../test/support/form-client'
import { actionId } from '../test/support/raw-http'
import { E2E_BASE_URL } from '../test/support/server-env'
import {
  collectErrors,
  expectNoAxeViolations,
  openDetails,
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

const button = (scope: Locator | Page, name: string) =>
  scope.getByRole('button', { name, exact: true })

/**
 * A registrable domain no other test (or earlier run) uses: rules act on whole
 * domains, so the shared example.com of the other specs must never get one.
 * The server never fetches these links.
 */
const uniqueDomain = (tld = 'com') => `rgr-${randomBytes(5).toString('hex')}.${tld}`

/** The author, in a browser context of their own (axe needs a page made that way). */
async function authorPage(
  page: Page,
  path: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await page.context().browser()!.newContext(options)
  const author = await context.newPage()
  await signInAsAuthor(author, path)
  return author
}

/** A row by its id: after a move it is the line ("Approved · Undo"), no longer holding its link. */
const rowById = (page: Page, id: number) => page.locator(`#submission-${id}`)

// Each test is a whole moderation story across two browsers, on a shared, busy machine.
test.describe.configure({ timeout: 180_000 })

test('"Always approve" and "Block" a domain from a row, and the lists of /admin/domains', async ({
  page,
}) => {
  await useClientIp(page)
  const friend = uniqueDomain()
  const first = `https://www.${friend}/first-failure`
  const spammer = uniqueDomain('net')
  const pills = `https://${spammer}/cheap-pills`
  await submitStory({ url: first, title: 'First from a friend' })
  await submitStory({ url: pills })

  const author = await authorPage(page, PENDING)
  const row = await openQueueAt(author, PENDING, first)
  const id = await submissionId(row)
  await openDetails(row)
  await button(row, `Always approve links from ${friend}`).click()
  await expect(rowById(author, id)).toHaveText(`Trusted ${friend} · Undo`)
  await expect(await openQueueAt(author, APPROVED, first)).toHaveAttribute(
    'data-status',
    'approved',
  )
  // The next link from any subdomain is public without the author doing anything,
  // and the reader is told so.
  const next = `https://notes.${friend}/second-failure`
  await submitStory({ url: next, title: 'Second from a friend' }, 'published')
  await readerStoriesListing(page, FORM_POST, next)
  const auto = await openQueueAt(author, APPROVED, next)
  await openDetails(auto)
  await expect(auto.getByRole('list', { name: /^History of submission/ })).toContainText(
    `created as approved via trusted-domain rule (${friend})`,
  )

  const spam = await openQueueAt(author, PENDING, pills)
  const spamId = await submissionId(spam)
  await openDetails(spam)
  await button(spam, `Mark as spam and block ${spammer}`).click()
  await expect(rowById(author, spamId)).toHaveText(`Blocked ${spammer} · Undo`)
  await expect(await openQueueAt(author, SPAM, pills)).toHaveAttribute('data-status', 'spam')
  // The reader sees the usual thank-you; the link never reaches the pending queue.
  const more = `https://shop.${spammer}/more-pills`
  await submitStory({ url: more })
  expect(await queueContains(author, PENDING, more)).toBe(false)
  const blockedRow = await openQueueAt(author, SPAM, more)
  await openDetails(blockedRow)
  await expect(blockedRow.getByRole('list', { name: /^History of submission/ })).toContainText(
    `created as spam via blocked-domain rule (${spammer})`,
  )

  // The lists show both, and can be edited by hand too: add a domain, switch it, remove it.
  await author.goto('/admin/domains')
  const trusted = author.getByRole('region', { name: 'Trusted domains' })
  const blocked = author.getByRole('region', { name: 'Blocked domains' })
  await expect(trusted.getByRole('cell', { name: friend, exact: true })).toBeVisible()
  await expect(blocked.getByRole('cell', { name: spammer, exact: true })).toBeVisible()
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
  await expect(trusted.getByRole('cell', { name: typed, exact: true })).toBeVisible()
  await expect(blocked.getByRole('cell', { name: typed, exact: true })).toHaveCount(0)
  await trusted.getByRole('button', { name: `Remove ${typed}` }).click()
  await expect(trusted.getByRole('cell', { name: typed, exact: true })).toHaveCount(0)
  // Junk is refused with a clear message and changes nothing.
  await add.getByLabel('Domain').fill('co.uk')
  await button(add, 'Save rule').click()
  await expect(add.getByRole('status')).toHaveText(/^Nothing changed: /)
  // Removing the trust makes the domain wait again.
  await trusted.getByRole('button', { name: `Remove ${friend}` }).click()
  await expect(trusted.getByRole('cell', { name: friend, exact: true })).toHaveCount(0)
  const third = `https://${friend}/third`
  await submitStory({ url: third })
  await expect(await openQueueAt(author, PENDING, third)).toHaveAttribute('data-status', 'pending')
  await author.context().close()
})

test('Delete, then Undo, brings the row back exactly; the Deleted view restores; without JavaScript too', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const url = uniqueStoryUrl('undo')
  await submitStory({ url, title: 'Delete and undo me', name: 'Ada' })

  const author = await authorPage(page, PENDING)
  let row = await openQueueAt(author, PENDING, url)
  const id = await submissionId(row)
  await openDetails(row)
  await row.getByLabel('Title').fill('Edited before approval')
  await button(row, 'Approve').click()
  await expect(rowById(author, id)).toHaveText('Approved · Undo')
  row = await openQueueAt(author, APPROVED, url)
  const before = await row.locator('form.row').textContent()
  await readerStoriesListing(page, FORM_POST, url)

  await openDetails(row)
  await button(row, 'Delete').click()
  const line = rowById(author, id)
  await expect(line).toHaveText('Deleted · Undo')
  await button(line, 'Undo').click()
  await expect(line.locator('form.row')).toHaveText(before ?? '')
  await expect(line.getByLabel('Name')).toHaveValue('Ada')
  await readerStoriesListing(page, FORM_POST, url)

  // Deleted again, it is gone from every view but the Deleted one, where it is restored.
  await openDetails(line)
  await button(line, 'Delete').click()
  await expect(line).toHaveText('Deleted · Undo')
  expect(await queueContains(author, APPROVED, url)).toBe(false)
  const trashed = await openQueueAt(author, DELETED, url)
  await expect(trashed).toContainText('purged after')
  await button(trashed, 'Restore').click()
  await expect(rowById(author, id)).toHaveText('Restored · Undo')
  await expect(await openQueueAt(author, APPROVED, url)).toHaveAttribute('data-status', 'approved')
  await author.context().close()

  // Without JavaScript: each move is a page of its own (post/redirect/get) that says what it
  // did and offers its Undo at the top of the view it came from.
  const other = uniqueStoryUrl('no-script')
  await submitStory({ url: other })
  const plain = await browser.newContext({ javaScriptEnabled: false })
  const noScript = await plain.newPage()
  await signInAsAuthor(noScript, PENDING)
  await button(await openQueueAt(noScript, PENDING, other), 'Approve').click()
  const notice = noScript.getByRole('main').locator('.done-notice')
  await expect(notice.getByRole('status')).toHaveText('Approved 1 submission.')
  expect(new URL(noScript.url()).searchParams.get('done')).toBe('approve')
  // A reload shows the answer again and moves nothing.
  await noScript.reload()
  await button(notice, 'Undo').click()
  await expect(notice.getByRole('status')).toHaveText('Undone: 1 submission back as before.')
  await expect(button(notice, 'Undo')).toHaveCount(0)
  await expect(await openQueueAt(noScript, PENDING, other)).toHaveAttribute(
    'data-status',
    'pending',
  )
  await plain.close()
})

test('keyboard: j/k move between rows, a/r move the current one and focus goes on, never while typing', async ({
  page,
}) => {
  await useClientIp(page)
  const first = uniqueStoryUrl('keys-a')
  const second = uniqueStoryUrl('keys-b')
  await submitStory({ url: first })
  await submitStory({ url: second })

  const author = await authorPage(page, PENDING)
  const errors = collectErrors(author)
  // The legend is a small disclosure.
  await author.getByText('Keys', { exact: true }).click()
  const legend = author.getByRole('list', { name: 'Keyboard shortcuts' })
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

  const rows = author.locator('ol.submissions > li')
  const ids = await rows.evaluateAll((lis) => lis.map((li) => li.id))
  const index = ids.indexOf(`submission-${id}`)
  const nextId = ids[Math.min(index + 1, ids.length - 1)]
  await author.keyboard.press('j')
  await expect(author.locator(`#${nextId}`)).toHaveAttribute('data-current', 'true')
  await expect(author.locator(`#${nextId}`)).toBeFocused()
  await author.keyboard.press('k')
  await expect(row).toHaveAttribute('data-current', 'true')

  // Typing in a field is typing: "a" goes into the title, nothing is approved.
  await openDetails(row)
  const title = row.getByLabel('Title')
  await title.fill('')
  await title.pressSequentially('ar')
  await expect(title).toHaveValue('ar')
  await expect(row).toHaveAttribute('data-status', 'pending')
  await title.fill('')

  // Out of the field, "a" approves the current row: it becomes its line, focus goes on.
  await row.focus()
  await author.keyboard.press('a')
  await expect(row).toHaveText('Approved · Undo')
  if (nextId !== `submission-${id}`) await expect(author.locator(`#${nextId}`)).toBeFocused()
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
  // The key goes to the page only once it has settled: on a loaded machine a
  // key pressed while the page still fetched was lost (seen once in seven runs).
  await author.waitForLoadState('networkidle')
  await author.keyboard.press('r')
  await expect(author.locator(`#submission-${otherId}`)).toHaveText('Rejected · Undo')
  await expect(await openQueueAt(author, REJECTED, second)).toHaveAttribute(
    'data-status',
    'rejected',
  )
  expect(errors).toEqual([])
  await author.context().close()
})

test('the author downloads every submission with its history as CSV and JSON; nobody else can', async ({
  playwright,
  request,
}) => {
  test.setTimeout(180_000)
  const url = uniqueStoryUrl('export')
  await submitStory({ url, title: '=SUM(A1:A9)' })
  const cookie = await signInOverHttp(E2E_BASE_URL)
  const get = (path: string) => request.get(path, { headers: { cookie }, timeout: 120_000 })

  // The page header links both downloads.
  const queue = await (await get('/admin')).text()
  expect(queue).toMatch(/<a href="\/admin\/export\?format=csv" download="">CSV<\/a>/)
  expect(queue).toMatch(/<a href="\/admin\/export\?format=json" download="">JSON<\/a>/)

  // Approved through the queue's own action, as its Approve button posts it.
  const records = async () =>
    (await (await get('/admin/export?format=json')).json()) as {
      id: number
      url: string
      status: string
      history: unknown[]
    }[]
  const id = (await records()).find((r) => r.url === url)!.id
  const form = multipart([
    ['_1_intent', 'approve'],
    ['_1_ids', String(id)],
    ['0', '[{"message":"","error":false},"$K1"]'],
  ])
  const approved = await request.post('/admin', {
    headers: {
      cookie,
      origin: E2E_BASE_URL,
      'next-action': actionId('moderateAction'),
      'content-type': form.contentType,
      accept: 'text/x-component',
    },
    data: form.body,
  })
  expect(await approved.text()).toContain('Approved 1 submission.')

  const csv = await get('/admin/export?format=csv')
  expect(csv.headers()['content-disposition']).toMatch(
    /^attachment; filename="submissions-\d{4}-\d\d-\d\d\.csv"$/,
  )
  const text = await csv.text()
  expect(text.startsWith('id,post,url,title,name,note,status,')).toBe(true)
  const line = text.split('\r\n').find((l) => l.includes(url))
  // The title would be a formula in a spreadsheet: it is defused with a quote.
  expect(line).toContain(`,'=SUM(A1:A9),`)
  expect(line).toMatch(/new -> pending via form\n\S+ pending -> approved via admin by Test Author/)

  const json = await get('/admin/export?format=json')
  expect(json.status()).toBe(200)
  expect(json.headers()['content-disposition']).toMatch(/^attachment; filename="submissions-/)
  const record = (await records()).find((r) => r.url === url)
  expect(record).toMatchObject({ status: 'approved', title: '=SUM(A1:A9)' })
  expect(record?.history).toHaveLength(2)
  expect(record).not.toHaveProperty('ipHash')
  expect((await get('/admin/export?format=xml')).status()).toBe(400)

  // Without the author's session (a made-up cookie gets past the redirect): 401, no data.
  const stranger = await playwright.request.newContext({
    baseURL: E2E_BASE_URL,
    extraHTTPHeaders: { cookie: 'authjs.session-token=forged' },
  })
  const refused = await stranger.get('/admin/export?format=json', { maxRedirects: 0 })
  expect(refused.status()).toBe(401)
  expect(await refused.text()).not.toContain(url)
  await stranger.dispose()
})

test('the queue at a glance: rows on the first screen, header, keys, fonts and axe, at both sizes, light and dark', async ({
  page,
  request,
}) => {
  await useClientIp(page)
  // Two rows of this test's own, found by a search: one to open, one to move (axe looks at both).
  const token = randomBytes(5).toString('hex')
  const [open, moved] = ['open', 'moved'].map((n) => `https://${n}-${token}.example.com/glance`)
  await submitStory({ url: open!, title: 'Looked at a glance' })
  await submitStory({ url: moved!, title: 'Moved at a glance' })
  const sizes = [
    { name: 'desktop', viewport: { width: 1280, height: 800 }, rows: 3, move: 'Reject' },
    // A phone is a touch screen: no keyboard legend.
    {
      name: 'phone',
      viewport: { width: 375, height: 667 },
      rows: 1,
      move: 'Spam',
      hasTouch: true,
      isMobile: true,
    },
  ]
  for (const size of sizes) {
    const { name, rows, move, ...device } = size
    // The whole queue (400 seeded rows and more): how much of it the first screen holds.
    const author = await authorPage(page, '/admin', device)
    for (const colorScheme of ['light', 'dark'] as const) {
      const seen = `${name}, ${colorScheme}`
      await author.emulateMedia({ colorScheme })
      const onScreen = await author
        .locator('ol.submissions > li')
        .evaluateAll(
          (lis) => lis.filter((li) => li.getBoundingClientRect().bottom <= innerHeight).length,
        )
      expect(onScreen, `whole rows on the first screen (${seen})`).toBeGreaterThanOrEqual(rows)
      const header = author.locator('header.admin-head')
      await expect(header.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible()
      await expect(header.getByRole('link', { name: 'Domains and settings' })).toBeVisible()
      await expect(header.getByRole('link', { name: 'CSV' })).toBeVisible()
      await expect(author.getByText('Keys', { exact: true })).toBeVisible({
        visible: !device.hasTouch,
      })
      expect(
        await author.evaluate(() => getComputedStyle(document.body).backgroundColor),
        seen,
      ).toBe(colorScheme === 'dark' ? 'rgb(21, 23, 26)' : 'rgb(251, 250, 247)')
    }
    if (name === 'desktop') {
      // One type scale, in the UI font: every control is 16 px or the small size, 14 px.
      const controls = await author.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            'button, input[type="text"], input[type="search"], select',
          ),
        ].map((el) => ({
          family: getComputedStyle(el).fontFamily,
          size: getComputedStyle(el).fontSize,
        })),
      )
      for (const control of controls) {
        expect(control.family).toMatch(/system-ui/)
        expect(['16px', '14px']).toContain(control.size)
      }
    }

    // axe, light and dark: a row open with its history, and a moved row's line and message.
    await author.goto(`/admin?q=${token}`)
    const opened = author.locator('ol.submissions > li').filter({ hasText: open! })
    await openDetails(opened)
    const other = author.locator('ol.submissions > li').filter({ hasText: moved! })
    const id = await submissionId(other)
    await button(other, move).click()
    await expect(rowById(author, id)).toContainText('· Undo')
    for (const colorScheme of ['light', 'dark'] as const) {
      await author.emulateMedia({ colorScheme })
      await expectNoAxeViolations(author, `${name}, ${colorScheme}: a row open, a moved row`)
    }
    if (name === 'desktop') {
      await author.emulateMedia({ colorScheme: 'light' })
      for (const path of [DELETED, '/admin/domains']) {
        await author.goto(path)
        await expect(author.getByRole('heading', { level: 1 })).toBeVisible()
        await expectNoAxeViolations(author, path)
      }
    }
    await author.context().close()
  }

  // The shortcuts are the admin's only: their code is not on a post.
  const post = await (await request.get(`/posts/${FORM_POST}`)).text()
  const scripts = [...post.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!)
  expect(scripts.length).toBeGreaterThan(0)
  const bodies = await Promise.all(scripts.map(async (src) => (await request.get(src)).text()))
  expect(bodies.some((body) => body.includes('Press j to choose a submission first.'))).toBe(false)
})
