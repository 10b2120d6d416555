import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { XMLParser } from 'fast-xml-parser'
import { collectErrors, expectNoAxeViolations } from './helpers'
import {
  CODE_POST,
  COVER_POST,
  DRAFTS,
  DRAFT_SLUG,
  FORM_POST,
  PER_PAGE,
  PUBLISHED,
  formatDate,
  post,
} from './posts'

const xml = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['item', 'url'].includes(name),
})

/** Titles, dates, reading times and tags of the cards in a post list, in order. */
async function listedPosts(page: Page) {
  // :visible, because after a client-side navigation Next keeps the previous page
  // in the DOM, hidden, for back/forward.
  const cards = page.locator('ol.post-list:visible > li')
  return cards.evaluateAll((items) =>
    items.map((li) => ({
      title: li.querySelector('h2 a')?.textContent ?? '',
      href: li.querySelector('h2 a')?.getAttribute('href') ?? '',
      date: li.querySelector('time')?.getAttribute('datetime') ?? '',
      dateText: li.querySelector('time')?.textContent ?? '',
      meta: li.querySelector('.meta')?.textContent ?? '',
      tags: [...li.querySelectorAll('ul.tags a')].map((a) => a.textContent ?? ''),
    })),
  )
}

test('the home page lists the ten newest posts with date, reading time and tags; page 2 lists the rest', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Latest posts' })).toBeVisible()
  const first = await listedPosts(page)
  const expected = PUBLISHED.slice(0, PER_PAGE)
  expect(first.map((p) => p.title)).toEqual(expected.map((p) => p.title))
  first.forEach((card, i) => {
    const source = expected[i]!
    expect(card.href).toBe(`/posts/${source.slug}`)
    expect(card.date).toBe(source.date)
    expect(card.dateText).toBe(formatDate(source.date))
    expect(card.meta).toMatch(/ · \d+ min read$/)
    expect(card.tags).toEqual(source.tags.map((t) => `#${t}`))
  })

  const pagination = page.getByRole('navigation', { name: 'Pagination' })
  await expect(pagination).toContainText('Page 1 of 2')
  await pagination.getByRole('link', { name: 'Older posts →' }).click()
  await expect(page).toHaveURL(/\/page\/2$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Posts, page 2 of 2')
  const second = await listedPosts(page)
  expect(second.map((p) => p.title)).toEqual(PUBLISHED.slice(PER_PAGE).map((p) => p.title))
  await expect(
    page
      .getByRole('navigation', { name: 'Pagination' })
      .getByRole('link', { name: '← Newer posts' }),
  ).toHaveAttribute('href', '/')
})

test('a post renders title, reading time, tags, highlighted code, heading anchors and neighbours without errors', async ({
  page,
}) => {
  const errors = collectErrors(page)
  const source = post(CODE_POST)
  await page.goto(`/posts/${CODE_POST}`)
  const article = page.locator('article')
  await expect(article.getByRole('heading', { level: 1 })).toHaveText(source.title)
  await expect(article.locator('.reading-time')).toHaveText(
    /^This article will take you about \d+ minutes? to read\.$/,
  )
  await expect(article.locator('header time')).toHaveText(formatDate(source.date))
  await expect(
    article.locator('header').getByRole('list', { name: 'Tags' }).getByRole('link'),
  ).toHaveText(source.tags.map((t) => `#${t}`))

  // Shiki's dual-theme output: each token carries its light and dark colour as CSS variables.
  const tokens = article.locator('pre code span[style*="--shiki-light"]')
  expect(await tokens.count()).toBeGreaterThan(10)
  await expect(tokens.first()).toHaveAttribute('style', /--shiki-dark/)

  // rehype-slug + rehype-autolink-headings: each h2 links to itself.
  const anchors = article.locator('.prose h2 a[href^="#"]')
  expect(await anchors.count()).toBeGreaterThan(0)
  const ids = await article
    .locator('.prose h2')
    .evaluateAll((hs) => hs.map((h) => [h.id, h.querySelector('a')?.getAttribute('href')]))
  for (const [id, href] of ids) {
    expect(id).toBeTruthy()
    expect(href).toBe(`#${id}`)
  }

  const index = PUBLISHED.findIndex((p) => p.slug === CODE_POST)
  const newer = PUBLISHED[index - 1]
  const older = PUBLISHED[index + 1]
  const nav = page.getByRole('navigation', { name: 'More posts' })
  if (newer) {
    await expect(nav.locator('a[rel="prev"]')).toHaveAttribute('href', `/posts/${newer.slug}`)
    await expect(nav.locator('a[rel="prev"]')).toContainText(newer.title)
  }
  if (older) {
    await expect(nav.locator('a[rel="next"]')).toHaveAttribute('href', `/posts/${older.slug}`)
    await expect(nav.locator('a[rel="next"]')).toContainText(older.title)
  }
  expect(newer ?? older).toBeTruthy()

  // The reading time on the post matches the one on the listing card.
  const minutes = /about (\d+) minute/.exec(
    (await article.locator('.reading-time').textContent()) ?? '',
  )?.[1]
  await page.waitForLoadState('networkidle')
  expect(errors).toEqual([])
  await page.goto(index < PER_PAGE ? '/' : `/page/${Math.floor(index / PER_PAGE) + 1}`)
  await expect(
    page.locator('ol.post-list > li').filter({ hasText: source.title }).locator('.meta'),
  ).toContainText(`· ${minutes} min read`)
  expect(errors).toEqual([])
})

test('the cover post shows its painting with alt text and a credit linking to the source', async ({
  page,
}) => {
  const source = post(COVER_POST)
  expect(source.cover).toBeDefined()
  await page.goto(`/posts/${COVER_POST}`)
  const figure = page.locator('article figure.cover')
  const image = figure.getByRole('img')
  await expect(image).toHaveAttribute('alt', source.cover!.alt)
  await expect(image).toHaveJSProperty('complete', true)
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
  const caption = figure.locator('figcaption')
  await expect(caption).toHaveText(
    `${source.cover!.credit.title} by ${source.cover!.credit.author}`,
  )
  await expect(caption.getByRole('link', { name: source.cover!.credit.title })).toHaveAttribute(
    'href',
    source.cover!.credit.url,
  )
})

test('the draft is absent from the listings, tags, sitemap and feed, and its address shows nothing of it', async ({
  page,
  request,
}) => {
  expect(DRAFTS.map((d) => d.slug)).toContain(DRAFT_SLUG)
  const draft = post(DRAFT_SLUG)

  for (const path of ['/', '/page/2', '/tags', ...draft.tags.map((t) => `/tags/${t}`)]) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page.locator(`a[href="/posts/${DRAFT_SLUG}"]`)).toHaveCount(0)
    await expect(page.getByText(draft.title)).toHaveCount(0)
  }
  for (const path of ['/sitemap.xml', '/feed.xml']) {
    const body = await (await request.get(path)).text()
    expect(body).toContain('/posts/')
    expect(body).not.toContain(DRAFT_SLUG)
    expect(body).not.toContain(draft.title)
  }

  // Whatever the status (see the 404 test below), the draft's own address never renders it.
  const response = await page.goto(`/posts/${DRAFT_SLUG}`)
  expect(response).not.toBeNull()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  const html = await response!.text()
  expect(html).not.toContain(draft.title)
  expect(html).not.toContain('mutation tester')
  await expect(page.locator('meta[name="robots"]').first()).toHaveAttribute('content', /noindex/)
})

test('an unknown post shows the not-found page', async ({ page }) => {
  await page.goto('/posts/does-not-exist')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  await expect(page.getByRole('main').getByRole('link', { name: 'latest posts' })).toHaveAttribute(
    'href',
    '/',
  )
  await expect(page.locator('meta[name="robots"]').first()).toHaveAttribute('content', /noindex/)
})

test('addresses that name no post, draft, tag or page answer 404 on their first request', async ({
  request,
}) => {
  const fresh = randomBytes(4).toString('hex')
  const paths = [
    '/posts/does-not-exist',
    `/posts/${DRAFT_SLUG}`,
    `/posts/no-such-post-${fresh}`,
    `/tags/no-such-tag-${fresh}`,
    `/page/${9000 + randomBytes(1)[0]!}`,
    '/page/0',
  ]
  for (const path of paths) {
    const response = await request.get(path)
    expect.soft(response.status(), `first GET ${path}`).toBe(404)
    expect.soft(await response.text(), path).toContain('Page not found')
  }
})

test('the tags page counts published posts, and a tag page lists only posts with that tag', async ({
  page,
}) => {
  const counts = new Map<string, number>()
  for (const p of PUBLISHED) for (const t of p.tags) counts.set(t, (counts.get(t) ?? 0) + 1)

  await page.goto('/tags')
  const cloud = page.locator('ul.tag-cloud > li')
  await expect(cloud).toHaveCount(counts.size)
  for (const [tag, count] of counts) {
    await expect(
      cloud.getByRole('link', { name: `#${tag} (${count})`, exact: true }),
    ).toHaveAttribute('href', `/tags/${tag}`)
  }

  const tag = 'postgres'
  const tagged = PUBLISHED.filter((p) => p.tags.includes(tag))
  expect(tagged.length).toBeGreaterThan(0)
  expect(tagged.length).toBeLessThan(PUBLISHED.length)
  await cloud.getByRole('link', { name: new RegExp(`^#${tag} `) }).click()
  await expect(page).toHaveURL(new RegExp(`/tags/${tag}$`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Posts tagged #${tag}`)
  const listed = await listedPosts(page)
  expect(listed.map((p) => p.title)).toEqual(tagged.map((p) => p.title))
  for (const card of listed) expect(card.tags).toContain(`#${tag}`)
})

test('the about page renders', async ({ page }) => {
  const response = await page.goto('/about')
  expect(response?.status()).toBe(200)
  await expect(page).toHaveTitle(/^About · /)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About')
  await expect(
    page.getByRole('main').getByRole('link', { name: 'on writing about failures' }),
  ).toHaveAttribute('href', `/posts/${FORM_POST}`)
  await expect(page.getByRole('main').getByRole('link', { name: 'RSS feed' })).toHaveAttribute(
    'href',
    '/feed.xml',
  )
})

test('the RSS feed is valid XML listing every published post with absolute links', async ({
  request,
}) => {
  const response = await request.get('/feed.xml')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toMatch(/^application\/rss\+xml/)
  const body = await response.text()
  const doc = xml.parse(body, true) as {
    rss?: {
      '@_version'?: string
      channel?: { link?: string; item?: { title: string; link: string }[] }
    }
  }
  expect(doc.rss?.['@_version']).toBe('2.0')
  const items = doc.rss?.channel?.item ?? []
  expect(items).toHaveLength(PUBLISHED.length)
  expect(items.map((i) => i.title)).toEqual(PUBLISHED.map((p) => p.title))
  const origin = new URL(String(doc.rss?.channel?.link)).origin
  items.forEach((item, i) => {
    const url = new URL(item.link) // throws for a relative link
    expect(url.protocol).toMatch(/^https?:$/)
    expect(url.origin).toBe(origin)
    expect(url.pathname).toBe(`/posts/${PUBLISHED[i]!.slug}`)
  })
})

test('the sitemap lists every published post and every tag', async ({ request }) => {
  const response = await request.get('/sitemap.xml')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toMatch(/xml/)
  const doc = xml.parse(await response.text(), true) as { urlset?: { url?: { loc: string }[] } }
  const paths = (doc.urlset?.url ?? []).map((u) => new URL(u.loc).pathname)
  for (const p of PUBLISHED) expect(paths).toContain(`/posts/${p.slug}`)
  const tags = new Set(PUBLISHED.flatMap((p) => p.tags))
  for (const tag of tags) expect(paths).toContain(`/tags/${tag}`)
  expect(paths).toEqual(expect.arrayContaining(['/', '/about', '/links', '/tags']))
  expect(paths.filter((p) => p.startsWith('/posts/'))).toHaveLength(PUBLISHED.length)
})

test('robots.txt points to the sitemap and keeps crawlers out of /admin', async ({ request }) => {
  const response = await request.get('/robots.txt')
  expect(response.status()).toBe(200)
  const text = await response.text()
  expect(text).toMatch(/^Sitemap: https?:\/\/[^/\s]+\/sitemap\.xml$/m)
  expect(text).toMatch(/^Disallow: \/admin$/m)
})

test('a post carries a canonical link, an og:image that is a PNG, and BlogPosting JSON-LD', async ({
  page,
  request,
}) => {
  const source = post(CODE_POST)
  await page.goto(`/posts/${CODE_POST}`)
  const canonical = await page.locator('link[rel="canonical"]').getAttribute('href')
  expect(new URL(canonical!).pathname).toBe(`/posts/${CODE_POST}`)

  const ogImage = await page.locator('meta[property="og:image"]').first().getAttribute('content')
  const imageUrl = new URL(ogImage!) // absolute
  expect(imageUrl.pathname).toContain(`/posts/${CODE_POST}/opengraph-image`)
  const image = await request.get(imageUrl.pathname + imageUrl.search)
  expect(image.status()).toBe(200)
  expect(image.headers()['content-type']).toBe('image/png')
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', source.title)

  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents()
  const blogPosting = scripts
    .map((s) => JSON.parse(s) as Record<string, unknown>)
    .find((d) => d['@type'] === 'BlogPosting')
  expect(blogPosting).toBeDefined()
  expect(blogPosting!.headline).toBe(source.title)
  expect(blogPosting!.datePublished).toBe(source.date)
  expect(new URL(String(blogPosting!.url)).pathname).toBe(`/posts/${CODE_POST}`)
})

test('no MDX evaluation code reaches the browser', async ({ page, request }) => {
  const response = await page.goto(`/posts/${CODE_POST}`)
  const html = await response!.text()
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? ''))
  expect(scripts.length).toBeGreaterThan(0)
  const bodies = [html]
  for (const src of scripts) {
    const chunk = await request.get(src)
    expect(chunk.status()).toBe(200)
    bodies.push(await chunk.text())
  }
  for (const body of bodies) {
    expect(body).not.toContain('getMDXComponent')
    expect(body).not.toContain('getMDXExport')
    expect(body).not.toContain('new Function')
    expect(body).not.toContain('_jsx_runtime')
  }
})

test('pages are served with the security headers', async ({ request }) => {
  for (const path of ['/', `/posts/${FORM_POST}`, '/signin']) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(200)
    const headers = response.headers()
    const csp = headers['content-security-policy'] ?? ''
    expect(csp, path).toContain("default-src 'self'")
    expect(csp, path).toContain("frame-ancestors 'none'")
    expect(csp, path).not.toContain('unsafe-eval')
    expect(headers['x-content-type-options'], path).toBe('nosniff')
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin')
    expect(headers['strict-transport-security'], path).toMatch(/max-age=\d{7,}/)
    expect(headers['x-powered-by'], path).toBeUndefined()
  }
})

test('the layout fits a 320px wide screen without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 })
  for (const path of [
    '/',
    `/posts/${CODE_POST}`,
    `/posts/${COVER_POST}`,
    `/posts/${FORM_POST}`,
    '/tags',
    '/links',
    '/about',
    '/signin',
  ]) {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width, path).toBeLessThanOrEqual(320)
  }
})

test('a skip link is the first focusable element and moves focus to the content', async ({
  page,
}) => {
  await page.goto(`/posts/${FORM_POST}`)
  await page.keyboard.press('Tab')
  const focused = page.locator(':focus')
  await expect(focused).toHaveText('Skip to content')
  await expect(focused).toHaveAttribute('href', '#content')
  await expect(focused).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(page.locator('main#content')).toBeFocused()
})

const AXE_PAGES: [string, string][] = [
  ['home page', '/'],
  ['post with the reader-link form', `/posts/${FORM_POST}`],
  ['post with code blocks', `/posts/${CODE_POST}`],
]
for (const [name, path] of AXE_PAGES) {
  test(`axe finds no WCAG 2.1 A/AA violations on the ${name}`, async ({ page }) => {
    await page.goto(path)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectNoAxeViolations(page, name)
  })
}
