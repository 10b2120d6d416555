import { randomBytes } from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Locator, type Page } from '@playwright/test'
import type { SubmissionStatus } from '../lib/db/schema'
import { encodeCursor } from '../lib/moderation/queue'
import { MESSAGES } from '../lib/submissions/form-state'
import {
  loadActionForm,
  signInAsAuthor as signInOverHttp,
  submitLink,
  type Outcome,
} from '../test/support/form-client'
import { AUTHOR, E2E_BASE_URL } from '../test/support/server-env'

export const READER_POST = '/posts/writing-about-failures'

/**
 * Each test presents its own client address, so the per-IP rate limit of one
 * test never spills into another (the server trusts X-Forwarded-For, as it does
 * behind Vercel's edge).
 */
export async function useClientIp(page: Page, ip = randomIp()): Promise<string> {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': ip })
  return ip
}

export function randomIp(): string {
  const b = randomBytes(3)
  return `203.${b[0]}.${b[1]}.${b[2]}`
}

/** A link no other test sends, so tests can run in parallel on one database. */
export function uniqueStoryUrl(label = 'story'): string {
  return `https://blog-${randomBytes(4).toString('hex')}.example.com/${label}`
}

export async function fillLinkForm(
  page: Page,
  values: { url: string; title?: string; name?: string; note?: string },
): Promise<void> {
  await page.getByLabel('Link to your story').fill(values.url)
  if (values.title !== undefined) await page.getByLabel('Title (optional)').fill(values.title)
  if (values.name !== undefined) await page.getByLabel('Your name (optional)').fill(values.name)
  if (values.note !== undefined) {
    await page.getByLabel('A note for the author (optional)').fill(values.note)
  }
}

/**
 * Signs the page's browser in as the author with a session of its own, made
 * over HTTP through Auth.js's credentials callback (what the form posts), then
 * opens `callbackPath`. The sign-in form itself is tested in auth.spec.ts with
 * signInThroughForm; here it would only cost every moderation test seconds.
 */
export async function signInAsAuthor(
  page: Page,
  callbackPath = '/admin',
  baseUrl = E2E_BASE_URL,
): Promise<void> {
  const cookies = (await signInOverHttp(baseUrl)).split('; ').map((pair) => {
    const eq = pair.indexOf('=')
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: baseUrl }
  })
  await page.context().addCookies(cookies)
  await page.goto(new URL(callbackPath, baseUrl).href)
  await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible()
}

/** Signs in as a person does: the sign-in page, its form, and the redirect back. */
export async function signInThroughForm(page: Page, callbackPath = '/admin'): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`)
  await page.getByLabel('Email').fill(AUTHOR.email)
  await page.getByLabel('Password').fill(AUTHOR.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible()
}

/** The reader-link form's live region (Next adds its own role="alert" announcer, so scope it). */
export const formStatus = (page: Page) => page.getByRole('main').getByRole('status')

/** Sends one link through the form on the reader post and waits for the thank-you. */
export async function sendLink(
  page: Page,
  values: { url: string; title?: string; name?: string; note?: string },
  answer: string = MESSAGES.received,
): Promise<void> {
  await page.goto(READER_POST)
  await fillLinkForm(page, values)
  await page.getByRole('button', { name: 'Send my link' }).click()
  await expect(formStatus(page)).toHaveText(answer)
}

/**
 * Sends one link to the reader post over HTTP, as a browser without JavaScript
 * does (the form's hidden fields from the page, then the multipart post), from a
 * client address of its own, and checks it was received: for tests whose subject
 * is what happens to a link after it arrives. The form itself, in a browser, is
 * the subject of reader-links.spec.ts (and sendLink).
 */
export async function submitStory(
  values: { url: string; title?: string; name?: string; note?: string },
  expected: Outcome = 'received',
): Promise<void> {
  const form = await loadActionForm(E2E_BASE_URL, READER_POST)
  const result = await submitLink(E2E_BASE_URL, form, values, {
    ip: randomIp(),
    path: READER_POST,
    follow: false,
  })
  expect(result.outcome, `${values.url}: ${result.message}`).toBe(expected)
}

/** Every console error and uncaught exception of a page, for a final "none" check. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  return errors
}

/** A submission's card in the moderation queue, found by its (unique) URL. */
export const submissionRow = (page: Page, url: string) =>
  page.getByRole('listitem').filter({ hasText: url })

/**
 * Opens the queue at `path` and pages forward until the submission for `url`
 * shows, so the tests do not depend on how many rows earlier runs left behind.
 * A queue of one status opens first at a cursor a few minutes back (rows are
 * ordered by status, then creation): the test's own submission is there, past
 * the pages the seed and other specs filled. Not found from there, it looks
 * from the first page.
 */
export async function openQueueAt(page: Page, path: string, url: string): Promise<Locator> {
  // A relative path stays relative: the page's baseURL may be another server's.
  const address = new URL(path, 'http://relative.invalid')
  const status = address.searchParams.get('status')
  if (status && !address.searchParams.has('after') && !address.searchParams.has('before')) {
    const since = new Date(Date.now() - RECENT_MS).toISOString()
    address.searchParams.set(
      'after',
      encodeCursor({ status: status as SubmissionStatus, createdAt: since, id: 0 }),
    )
    try {
      const target =
        address.origin === 'http://relative.invalid'
          ? address.href.slice(address.origin.length)
          : address.href
      return await pageForwardTo(page, target, url)
    } catch (error) {
      if (!(error instanceof NotInQueue)) throw error
    }
  }
  return pageForwardTo(page, path, url)
}

/** How far back the cursor of openQueueAt starts: longer than any one test runs. */
const RECENT_MS = 10 * 60_000

async function pageForwardTo(page: Page, path: string, url: string): Promise<Locator> {
  await page.goto(path)
  await expect(page.getByRole('list', { name: 'Submissions by status' })).toBeVisible()
  for (let i = 0; i < 100; i++) {
    const row = submissionRow(page, url)
    if ((await row.count()) > 0) return row
    const next = page.getByRole('link', { name: 'Next page →' })
    if ((await next.count()) === 0) break
    const before = page.url()
    await next.click()
    await expect(page).not.toHaveURL(before)
    await expect(page.getByRole('list', { name: 'Submissions by status' })).toBeVisible()
  }
  throw new NotInQueue(`${url} is not in the queue at ${path}`)
}

class NotInQueue extends Error {}

/** Whether `url` appears anywhere in the queue at `path`, across all its pages. */
export async function queueContains(page: Page, path: string, url: string): Promise<boolean> {
  try {
    await openQueueAt(page, path, url)
    return true
  } catch (error) {
    // Only "looked everywhere, not there" counts as absent; a broken page is a failure.
    if (error instanceof NotInQueue) return false
    throw error
  }
}

/** The database id of a submission card ("Submission 42: https://…"). */
export async function submissionId(row: Locator): Promise<number> {
  const label = (await row.getAttribute('aria-label')) ?? ''
  const match = /^Submission (\d+): /.exec(label)
  if (!match?.[1]) throw new Error(`No submission id in "${label}"`)
  return Number(match[1])
}

/**
 * The post's stories once they list `url`. A page view that raced with the
 * approval may join a cache fill that started just before it (Next shares an
 * in-flight 'use cache' computation) and show the previous list once; the next
 * view is fresh. So look again, for at most a few seconds.
 */
export async function readerStoriesListing(
  page: Page,
  slug: string,
  url: string,
): Promise<Locator> {
  let section: Locator | undefined
  await expect(async () => {
    section = await readerStories(page, slug)
    await expect(section.locator(`ul.stories a[href="${url}"]`)).toHaveCount(1, { timeout: 250 })
  }).toPass({ timeout: 5_000, intervals: [100, 250, 500] })
  return section as Locator
}

/** The approved stories shown on a post, once the streamed list has arrived. */
export async function readerStories(page: Page, slug: string): Promise<Locator> {
  await page.goto(`/posts/${slug}`)
  const section = page.locator('section.reader-links')
  await expect(section.getByText('Loading readers’ stories…')).toHaveCount(0)
  await expect(
    section
      .locator('ul.stories')
      .or(section.getByText('No stories yet. Yours could be the first.')),
  ).toBeVisible()
  return section
}

/** Opens a queue row's details ("More"), where its rarer moves, link check and history are. */
export async function openDetails(row: Locator): Promise<Locator> {
  const details = row.locator('details.row-more')
  if ((await details.getAttribute('open')) === null) await details.locator('> summary').click()
  await expect(details).toHaveAttribute('open', '')
  return details
}

/** The queue's one message (its polite live region, in the bulk bar). */
export const queueMessage = (page: Page) =>
  page.getByRole('form', { name: 'Selected submissions' }).getByRole('status')

/** axe's WCAG 2.1 A and AA rules on the page as it is now: it must pass some and break none. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  expect(results.passes.length).toBeGreaterThan(0)
  expect(
    results.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    })),
    `axe on ${where}`,
  ).toEqual([])
}
