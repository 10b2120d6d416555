import { expect, test, type Page } from '@playwright/test'
import { createOneClickToken } from '../lib/notify/tokens'
import { MESSAGES } from '../lib/submissions/form-state'
import { serverEnv } from '../test/support/server-env'
import { collectErrors, fillLinkForm, formStatus, randomIp, uniqueStoryUrl } from './helpers'
import { CODE_POST, FORM_POST } from './posts'

/**
 * What a reader meets on a post (issue 17, part 5) and what the author meets on
 * a refused one-click link (part 4), at a desktop and a phone size, light and
 * dark, and without JavaScript where that matters. One page each: the sizes and
 * schemes are switched on the loaded page.
 */

const SIZES = [
  { width: 1280, height: 800 },
  { width: 375, height: 667 },
]
const SCHEMES = ['light', 'dark'] as const
/** --surface in app/globals.css, the code bar's background. */
const SURFACE = { light: 'rgb(241, 239, 233)', dark: 'rgb(30, 33, 37)' }

const firstCodeBlock = (page: Page) => page.locator('article figure.code-block').first()
const contents = (page: Page) => page.getByRole('navigation', { name: 'Contents' })

test('a post with code: language, copy button, contents, quotes and anchors, at each size and scheme', async ({
  page,
  context,
}) => {
  const errors = collectErrors(page)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`/posts/${CODE_POST}`)
  const block = firstCodeBlock(page)
  const copy = block.getByRole('button', { name: 'Copy' })

  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme })
      const at = `${size.width}×${size.height} ${colorScheme}`
      await expect(contents(page), at).toBeVisible()
      await block.scrollIntoViewIfNeeded()
      await expect(block.locator('.code-language'), at).toHaveText('TypeScript')
      await expect(block.locator('.code-bar'), at).toHaveCSS(
        'background-color',
        SURFACE[colorScheme],
      )
      await expect(copy, at).toBeVisible()
      const button = (await copy.boundingBox())!
      expect(button.x + button.width, `${at}: the button fits`).toBeLessThanOrEqual(size.width)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width, `${at}: no sideways scrolling`).toBeLessThanOrEqual(size.width)
    }
  }

  // The copy button copies the code as written, straight quotes and all.
  await copy.click()
  await expect(block.locator('.code-copy')).toHaveAttribute('data-copied', '')
  await expect(page.getByRole('status').filter({ hasText: 'Copied the code' })).toBeAttached()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(await block.locator('pre code').textContent())
  expect(copied).toContain('from "vitest"')
  // Prose has typographic quotes and apostrophes; code never does.
  const article = page.locator('article')
  await expect(article.locator('.prose > p').filter({ hasText: 'doesn’t exist yet' })).toHaveCount(
    1,
  )
  expect(await article.locator('pre').allTextContents()).not.toContainEqual(
    expect.stringMatching(/[“”‘’]/),
  )

  // Heading anchors: out of sight until the heading is pointed at or the anchor focused.
  const heading = article.locator('.prose h2').first()
  const anchor = heading.locator('.heading-anchor')
  await page.mouse.move(0, 0)
  await expect(anchor).toHaveCSS('opacity', '0')
  await heading.hover()
  await expect(anchor).toHaveCSS('opacity', '1')
  await page.mouse.move(0, 0)
  await expect(anchor).toHaveCSS('opacity', '0')
  await contents(page).getByRole('link').last().focus()
  await page.keyboard.press('Tab')
  await expect(anchor).toBeFocused()
  await expect(anchor).toHaveCSS('opacity', '1')
  expect(errors).toEqual([])
})

test('without JavaScript a post is whole: contents that work, labelled code, no dead copy button', async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: SIZES[1],
    colorScheme: 'dark',
  })
  const page = await context.newPage()
  await page.goto(`/posts/${CODE_POST}`)
  await expect(page.locator('article .prose')).toBeVisible()
  const links = contents(page).getByRole('link')
  expect(await links.count()).toBeGreaterThanOrEqual(4)
  await expect(firstCodeBlock(page).locator('.code-language')).toBeVisible()
  await expect(page.locator('.code-copy').first()).toBeHidden()
  const target = (await links.nth(2).getAttribute('href'))!
  await links.nth(2).click()
  await expect(page).toHaveURL(new RegExp(`${target}$`))
  await expect(page.locator(target)).toBeInViewport()
  await context.close()

  // The copy script is loaded by pages with code, and by no other.
  const withCode = await (await request.get(`/posts/${CODE_POST}`)).text()
  expect(withCode).toContain('src="/code-copy.js"')
  for (const path of ['/posts/what-a-code-review-taught-me', `/posts/${FORM_POST}`, '/']) {
    expect(await (await request.get(path)).text(), path).not.toContain('code-copy.js')
  }
})

test('without JavaScript the form answers in view, at each size, and only once', async ({
  browser,
}) => {
  for (const [i, size] of SIZES.entries()) {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: size,
      colorScheme: SCHEMES[i],
      extraHTTPHeaders: { 'x-forwarded-for': randomIp() },
    })
    const page = await context.newPage()
    await page.goto(`/posts/${FORM_POST}`)
    await fillLinkForm(page, { url: uniqueStoryUrl('answer-in-view') })
    await page.getByRole('button', { name: 'Send my link' }).click()
    await expect(page).toHaveURL(/#send-link$/)
    await expect(formStatus(page)).toHaveText(MESSAGES.received, { timeout: 5_000 })
    await expect(formStatus(page), `${size.width}×${size.height}`).toBeInViewport({ ratio: 1 })
    // A reload is a fresh form: the answer was for the page the form led to.
    await page.reload()
    await expect(page.getByLabel('Link to your story')).toBeVisible()
    await expect(formStatus(page)).toHaveText('')
    await context.close()
  }
})

test('refused one-click links get the site’s own page, with dark mode, and their 4xx', async ({
  request,
}) => {
  const secret = serverEnv.AUTH_SECRET!
  const day = 24 * 60 * 60 * 1000
  const cases = [
    { path: '/moderate/approve/not-a-token', status: 400, reason: 'malformed' },
    {
      path: `/moderate/approve/${createOneClickToken('another-secret-0123456789abcdef0123', { submissionId: 1, action: 'approve' })}`,
      status: 403,
      reason: 'forged',
    },
    {
      path: `/moderate/reject/${createOneClickToken(secret, { submissionId: 1, action: 'reject', now: Date.now() - 8 * day })}`,
      status: 410,
      reason: 'expired',
    },
  ]
  let stylesheet = ''
  for (const { path, status, reason } of cases) {
    const response = await request.get(path)
    expect(response.status(), reason).toBe(status)
    expect(response.headers()['cache-control'], reason).toContain('no-store')
    const html = await response.text()
    expect(html, reason).toContain('<header class="site-header"')
    expect(html, reason).toContain(`data-refusal="${reason}"`)
    stylesheet = /<link rel="stylesheet" href="([^"]+\.css)"/.exec(html)?.[1] ?? ''
    expect(stylesheet, reason).not.toBe('')
  }
  const css = await (await request.get(stylesheet)).text()
  expect(css).toMatch(/prefers-color-scheme:\s*dark/)
})
