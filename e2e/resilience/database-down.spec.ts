/**
 * The database goes away under a running server (PostgreSQL through the
 * production driver; the WebSocket proxy it reaches the database through is
 * closed), and comes back on the same address.
 *
 * While it is away a reader is told to try again and keeps everything typed,
 * with and without JavaScript; the rest of the site keeps working. When it is
 * back the next submission goes through, and the failed ones left nothing
 * behind: no submission, no rate-limit hit.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { hashIp } from '../../lib/submissions/ip-hash'
import { AppServer, attachOutputsOnFailure, IP_SALT } from '../../test/support/app-server'
import {
  createPostgresDatabase,
  startWsProxy,
  type PostgresDatabase,
  type WsProxy,
} from '../../test/support/databases'
import { FORM_POST, loadActionForm, submitLink, uniqueUrl } from '../../test/support/form-client'

test.describe.configure({ mode: 'serial' })

const UNAVAILABLE = 'Sorry, we couldn’t save your link just now. Please try again in a moment.'

const ip = {
  before: '10.30.0.1',
  beforeBrowserWithoutJs: '10.30.0.7',
  downWithJs: '10.30.0.2',
  downWithoutJs: '10.30.0.3',
  downBrowserWithoutJs: '10.30.0.4',
  afterWithJs: '10.30.0.5',
  afterWithoutJs: '10.30.0.6',
}

/** What the readers type while the database is away. */
const typed = {
  withJs: {
    url: uniqueUrl('while-down-js'),
    title: 'The migration that ate Friday',
    name: 'Grace',
    note: 'Line one of the note.\nLine two, with “quotes” & <angle brackets>.',
  },
  withoutJs: {
    url: uniqueUrl('while-down-nojs'),
    title: 'Rolling back at 3 a.m.',
    name: 'Linus',
    note: 'A note\nover two lines.',
  },
  browserWithoutJs: {
    url: uniqueUrl('while-down-browser-nojs'),
    title: 'No script, no problem?',
    name: 'Margaret',
    note: 'Typed without JavaScript.',
  },
}

let proxy: WsProxy | undefined
/** The proxy's port, kept: the database comes back on the same address. */
let proxyPort = 0
let database: PostgresDatabase | undefined
let server: AppServer | undefined
let context: BrowserContext | undefined
let page: Page | undefined
const stored: string[] = []

test.beforeAll(async () => {
  test.setTimeout(120_000)
  proxy = await startWsProxy()
  proxyPort = proxy.port
  database = await createPostgresDatabase('down', { wsProxy: proxy.address })
  server = new AppServer({ postgresUrl: database.url, wsProxy: proxy.address })
  await server.start()
})

test.afterEach(async ({}, testInfo) => attachOutputsOnFailure(testInfo, [server]))

test.afterAll(async () => {
  await context?.close()
  await server?.stop('SIGKILL')
  await proxy?.close()
  await database?.drop()
})

const base = () => (server as AppServer).baseUrl
const db = () => database as PostgresDatabase

async function fillForm(target: Page, values: typeof typed.withJs): Promise<void> {
  await target.getByLabel('Link to your story').fill(values.url)
  await target.getByLabel('Title (optional)').fill(values.title)
  await target.getByLabel('Your name (optional)').fill(values.name)
  await target.getByLabel('A note for the author (optional)').fill(values.note)
}

async function expectFieldsHold(target: Page, values: typeof typed.withJs): Promise<void> {
  await expect(target.getByLabel('Link to your story')).toHaveValue(values.url)
  await expect(target.getByLabel('Title (optional)')).toHaveValue(values.title)
  await expect(target.getByLabel('Your name (optional)')).toHaveValue(values.name)
  await expect(target.getByLabel('A note for the author (optional)')).toHaveValue(values.note)
}

async function openReaderPage(
  browser: Browser,
  clientIp: string,
  javaScript = true,
): Promise<Page> {
  context = await browser.newContext({
    baseURL: base(),
    javaScriptEnabled: javaScript,
    extraHTTPHeaders: { 'x-forwarded-for': clientIp },
  })
  const opened = await context.newPage()
  await opened.goto(FORM_POST)
  return opened
}

test('while the database is up, a submission is stored', async () => {
  const url = uniqueUrl('before')
  const answer = await submitLink(base(), await loadActionForm(base()), { url }, { ip: ip.before })
  expect(answer.outcome).toBe('received')
  stored.push(url)
  expect(await db().scalar('select count(*) from submissions where url = $1', [url])).toBe('1')
})

test('while the database is up, a browser without JavaScript shows the thank-you after sending', async ({
  browser,
}) => {
  const url = uniqueUrl('before-browser-nojs')
  const noScript = await browser.newContext({
    baseURL: base(),
    javaScriptEnabled: false,
    extraHTTPHeaders: { 'x-forwarded-for': ip.beforeBrowserWithoutJs },
  })
  try {
    const reader = await noScript.newPage()
    await reader.goto(FORM_POST)
    await reader.getByLabel('Link to your story').fill(url)
    await reader.getByRole('button', { name: 'Send my link' }).click()
    await reader.waitForLoadState('domcontentloaded')
    stored.push(url)
    await expect(reader.getByRole('main').getByRole('status')).toContainText('has been received', {
      timeout: 5_000,
    })
    await expect(reader.getByLabel('Link to your story')).toHaveValue('')
  } finally {
    await noScript.close()
  }
})

test('database unreachable: a reader with JavaScript is asked to try again and keeps every field', async ({
  browser,
}) => {
  page = await openReaderPage(browser, ip.downWithJs)
  // The proxy closes: every open connection drops and new ones are refused.
  await (proxy as WsProxy).close()
  proxy = undefined

  await fillForm(page, typed.withJs)
  await page.getByRole('button', { name: 'Send my link' }).click()
  const status = page.getByRole('main').getByRole('status')
  await expect(status).toHaveText(UNAVAILABLE, { timeout: 30_000 })
  await expectFieldsHold(page, typed.withJs)
  await expect(page.getByRole('button', { name: 'Send my link' })).toBeEnabled()
})

test('database unreachable: without JavaScript the answer carries the same message and what was typed', async () => {
  const answer = await submitLink(base(), await loadActionForm(base()), typed.withoutJs, {
    ip: ip.downWithoutJs,
  })
  expect(answer.status).toBe(200)
  expect(answer.outcome).toBe('unavailable')
  expect(answer.message).toBe(UNAVAILABLE)
  // CRLF is how a browser sends a textarea's line breaks; the app normalises them.
  expect({ ...answer.values, note: answer.values.note?.replace(/\r\n/g, '\n') }).toEqual(
    typed.withoutJs,
  )
})

test('database unreachable: a browser without JavaScript shows the message with the fields still filled', async ({
  browser,
}) => {
  const noScript = await browser.newContext({
    baseURL: base(),
    javaScriptEnabled: false,
    extraHTTPHeaders: { 'x-forwarded-for': ip.downBrowserWithoutJs },
  })
  try {
    const reader = await noScript.newPage()
    await reader.goto(FORM_POST)
    await fillForm(reader, typed.browserWithoutJs)
    await reader.getByRole('button', { name: 'Send my link' }).click()
    await reader.waitForLoadState('domcontentloaded')
    await expect(reader.getByRole('main').getByRole('status')).toHaveText(UNAVAILABLE, {
      timeout: 5_000,
    })
    await expectFieldsHold(reader, typed.browserWithoutJs)
  } finally {
    await noScript.close()
  }
})

test('database unreachable: the rest of the site keeps working', async ({ browser }) => {
  for (const path of ['/', '/posts/small-commits', '/about', '/feed.xml', FORM_POST, '/links']) {
    const response = await fetch(`${base()}${path}`)
    const body = await response.text()
    expect(response.status, path).toBe(200)
    expect(body.length, `${path} has a body`).toBeGreaterThan(500)
  }
  // A refused one-click link is judged from its token alone: the site's own page, and its 4xx.
  const refused = await fetch(`${base()}/moderate/approve/not-a-token`)
  expect(refused.status).toBe(400)
  expect(await refused.text()).toContain('<header class="site-header"')
  // What a person sees: the post with the form, and the readers' stories page.
  const reader = await browser.newPage({ baseURL: base() })
  try {
    await reader.goto(FORM_POST)
    await expect(reader.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(reader.getByLabel('Link to your story')).toBeVisible()
    await reader.goto('/links')
    await expect(reader.getByRole('heading', { name: 'Readers’ stories', level: 1 })).toBeVisible()
    await expect(reader.getByText('Loading readers’ stories…')).toHaveCount(0, { timeout: 15_000 })
  } finally {
    await reader.close()
  }
})

test('the database is back on the same address: the next submissions go through', async () => {
  proxy = await startWsProxy({ port: proxyPort })
  const reader = page as Page
  // The reader with JavaScript, whose fields are still filled, sends another link.
  await reader.setExtraHTTPHeaders({ 'x-forwarded-for': ip.afterWithJs })
  const afterUrl = uniqueUrl('after-js')
  await reader.getByLabel('Link to your story').fill(afterUrl)
  await reader.getByRole('button', { name: 'Send my link' }).click()
  await expect(reader.getByRole('main').getByRole('status')).toContainText('has been received', {
    timeout: 30_000,
  })
  stored.push(afterUrl)

  const url = uniqueUrl('after-nojs')
  const answer = await submitLink(
    base(),
    await loadActionForm(base()),
    { url },
    { ip: ip.afterWithoutJs },
  )
  expect(answer.outcome).toBe('received')
  stored.push(url)
})

test('nothing partial is left by the failed submissions', async () => {
  const urls = (await db().query<{ url: string }>('select url from submissions order by id')).map(
    (row) => row.url,
  )
  expect(urls).toEqual(stored)
  for (const failed of [typed.withJs.url, typed.withoutJs.url, typed.browserWithoutJs.url]) {
    expect(urls, failed).not.toContain(failed)
  }
  for (const client of [ip.downWithJs, ip.downWithoutJs, ip.downBrowserWithoutJs]) {
    const hits = await db().scalar('select count(*) from rate_limit_hits where ip_hash = $1', [
      hashIp(client, IP_SALT),
    ])
    expect(hits, `rate-limit hits of ${client}, whose submission failed`).toBe('0')
  }
  expect(await db().scalar('select count(*) from rate_limit_hits')).toBe(String(stored.length))
})
