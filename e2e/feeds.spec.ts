import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'
import { readFeed, type ReadFeed } from '../test/support/feeds'
import { openQueueAt, signInAsAuthor, submitStory, uniqueStoryUrl, useClientIp } from './helpers'
import { CODE_POST, COVER_POST, DRAFT_SLUG, FORM_POST, PUBLISHED, post } from './posts'

const POST_FEEDS = [
  { path: '/feed.xml', kind: 'xml', type: /^application\/rss\+xml/ },
  { path: '/atom.xml', kind: 'xml', type: /^application\/atom\+xml/ },
  { path: '/feed.json', kind: 'json', type: /^application\/feed\+json/ },
] as const

const html = (content: string): Root => fromHtml(content, { fragment: true })
const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Every URL-valued attribute in a piece of feed HTML. */
function urlsIn(content: string): string[] {
  const urls: string[] = []
  visit(html(content), 'element', (el: Element) => {
    for (const key of ['href', 'src']) {
      const value = el.properties[key]
      if (value !== undefined && value !== null) urls.push(String(value))
    }
  })
  return urls
}

/** The text of each top-level paragraph of a post as its page (server HTML) shows it. */
async function pageParagraphs(request: APIRequestContext, slug: string): Promise<string[]> {
  const response = await request.get(`/posts/${slug}`)
  expect(response.status()).toBe(200)
  const texts: string[] = []
  visit(fromHtml(await response.text()), 'element', (el: Element) => {
    const classes = el.properties.className
    if (!Array.isArray(classes) || !classes.includes('prose')) return
    for (const child of el.children) {
      if (child.type === 'element' && child.tagName === 'p') texts.push(squash(toString(child)))
    }
  })
  expect(texts.length, slug).toBeGreaterThan(0)
  return texts.filter(Boolean)
}

for (const { path, kind, type } of POST_FEEDS) {
  test(`${path} lists every published post in full, with absolute URLs`, async ({ request }) => {
    const response = await request.get(path)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toMatch(type)
    const body = await response.text()
    const feed = readFeed(body, kind)

    expect(feed.entries).toHaveLength(PUBLISHED.length)
    expect(feed.entries.map((e) => e.title)).toEqual(PUBLISHED.map((p) => p.title))
    const origin = new URL(feed.link).origin
    feed.entries.forEach((entry, i) => {
      expect(entry.link).toBe(`${origin}/posts/${PUBLISHED[i]!.slug}`)
    })
    expect(body).not.toContain(DRAFT_SLUG)
    expect(body).not.toContain(post(DRAFT_SLUG).title)

    for (const [i, entry] of feed.entries.entries()) {
      const slug = PUBLISHED[i]!.slug
      // Full text: every paragraph of the page is in the entry, not a summary.
      const text = squash(toString(html(entry.content)))
      for (const paragraph of await pageParagraphs(request, slug)) {
        expect.soft(text, `${path} ${slug}`).toContain(paragraph)
      }
      // Nothing a reader would drop or run, and no links relative to a site it is not on.
      expect
        .soft(entry.content, slug)
        .not.toMatch(/<script|<style|<link|\sclass=|\son\w+=|var\(|--shiki/i)
      for (const url of urlsIn(entry.content)) {
        expect.soft(url, `${path} ${slug}`).toMatch(/^(https?:\/\/|mailto:)/)
      }
    }
  })
}

test('feed entries keep code colours inline, and images load from their absolute URLs', async ({
  request,
}) => {
  const feed = readFeed(await (await request.get('/feed.xml')).text(), 'xml')
  const origin = new URL(feed.link).origin
  const entry = (slug: string) => feed.entries.find((e) => e.link === `${origin}/posts/${slug}`)!

  const code = html(entry(CODE_POST).content)
  const pres: Element[] = []
  visit(code, 'element', (el: Element) => {
    if (el.tagName === 'pre') pres.push(el)
  })
  expect(pres.length).toBeGreaterThan(0)
  for (const pre of pres) {
    expect(String(pre.properties.style)).toMatch(/color:#[0-9a-f]{6}/i)
    const colours = new Set<string>()
    visit(pre, 'element', (el: Element) => {
      const match = /^color:(#[0-9a-f]{6})$/i.exec(String(el.properties.style ?? ''))
      if (el.tagName === 'span' && match) colours.add(match[1]!.toLowerCase())
    })
    // Highlighted, not one flat colour.
    expect(colours.size).toBeGreaterThan(1)
  }

  const images: string[] = []
  visit(html(entry(COVER_POST).content), 'element', (el: Element) => {
    if (el.tagName === 'img') images.push(String(el.properties.src))
  })
  expect(images.length).toBeGreaterThanOrEqual(2) // the cover and one in the text
  for (const src of images) {
    const url = new URL(src)
    expect(url.origin).toBe(origin)
    const image = await request.get(url.pathname)
    expect(image.status(), src).toBe(200)
    expect(image.headers()['content-type'], src).toMatch(/^image\//)
  }
  const cover = post(COVER_POST).cover!
  expect(entry(COVER_POST).content).toContain(
    `>${cover.credit.title}</a> by ${cover.credit.author}`,
  )
})

test('every page advertises the three feeds, and the footer names them', async ({ page }) => {
  for (const path of [
    '/',
    `/posts/${CODE_POST}`,
    `/posts/${FORM_POST}`,
    '/links',
    '/tags',
    '/about',
  ]) {
    await page.goto(path)
    const alternate = (type: string) => page.locator(`head link[rel="alternate"][type="${type}"]`)
    await expect(alternate('application/rss+xml')).toHaveAttribute('href', /\/feed\.xml$/)
    await expect(alternate('application/atom+xml').first()).toHaveAttribute('href', /\/atom\.xml$/)
    await expect(alternate('application/feed+json')).toHaveAttribute('href', /\/feed\.json$/)
    const footer = page.locator('footer')
    await expect(footer.getByRole('link', { name: 'RSS', exact: true })).toHaveAttribute(
      'href',
      '/feed.xml',
    )
    await expect(footer.getByRole('link', { name: 'Atom', exact: true })).toHaveAttribute(
      'href',
      '/atom.xml',
    )
    await expect(footer.getByRole('link', { name: 'JSON Feed', exact: true })).toHaveAttribute(
      'href',
      '/feed.json',
    )
    await expect(footer.getByRole('link', { name: 'their own Atom feed' })).toHaveAttribute(
      'href',
      '/links/feed.xml',
    )
  }
  // Pages about readers' stories also point at theirs.
  await page.goto('/links')
  await expect(page.locator('head link[href$="/links/feed.xml"]')).toHaveAttribute(
    'type',
    'application/atom+xml',
  )
  await page.goto(`/posts/${FORM_POST}`)
  await expect(page.locator(`head link[href$="/posts/${FORM_POST}/links.xml"]`)).toHaveAttribute(
    'type',
    'application/atom+xml',
  )
})

const button = (row: Locator, name: string) => row.getByRole('button', { name, exact: true })

async function readersFeed(page: Page, path: string): Promise<ReadFeed> {
  const response = await page.request.get(path)
  expect(response.status(), path).toBe(200)
  expect(response.headers()['content-type']).toMatch(/^application\/atom\+xml/)
  return readFeed(await response.text(), 'xml')
}

const SITE_FEED = '/links/feed.xml'
const POST_FEED = `/posts/${FORM_POST}/links.xml`

test('an approval shows in the readers’ feeds on the next request, newest approval first, and a rejection removes it', async ({
  page,
  browser,
}) => {
  await useClientIp(page)
  const first = uniqueStoryUrl('feed-first')
  const second = uniqueStoryUrl('feed-second')
  const pending = uniqueStoryUrl('feed-pending')
  const hostile = 'My <b>bold</b> outage & <script>alert(1)</script>'
  await submitStory({ url: first, title: hostile, name: 'Ada <i>L</i>' })
  await submitStory({ url: second, title: 'Second story', name: 'Bo' })
  await submitStory({ url: pending, title: 'Never approved' })

  const author = await browser.newPage()
  const queue = `/admin?post=${FORM_POST}&status=pending`
  await signInAsAuthor(author, queue)
  // Sent second, approved first: the feed orders by approval.
  for (const url of [second, first]) {
    const row = await openQueueAt(author, queue, url)
    await button(row, 'Approve').click()
    await expect(row).toHaveCount(0)
  }

  // One request each, no retries: the approval is there at once.
  for (const path of [SITE_FEED, POST_FEED]) {
    const feed = await readersFeed(page, path)
    const links = feed.entries.map((e) => e.link)
    expect(links, path).toContain(first)
    expect(links, path).toContain(second)
    expect(links.indexOf(first), path).toBeLessThan(links.indexOf(second))
    expect(links, path).not.toContain(pending)
    const entry = feed.entries.find((e) => e.link === first)!
    expect(entry.title).toBe(hostile)
    expect(entry.authors).toEqual(['Ada <i>L</i>'])
    expect(Date.now() - new Date(entry.published).getTime()).toBeLessThan(5 * 60_000)
    expect(entry.content).toContain(
      `in answer to <a href="${new URL(feed.link).origin}/posts/${FORM_POST}">`,
    )
    expect(entry.content).toContain(post(FORM_POST).title)
    expect(entry.content).toContain('My &lt;b&gt;bold&lt;/b&gt; outage &amp; &lt;script&gt;')
    expect(entry.content).not.toMatch(/<script|<b>|<i>/)
  }
  const site = await readersFeed(page, SITE_FEED)
  expect(site.link).toMatch(/\/links$/)

  const approved = await openQueueAt(author, `/admin?post=${FORM_POST}&status=approved`, first)
  await button(approved, 'Reject').click()
  await expect(approved).toHaveCount(0)
  await author.close()

  for (const path of [SITE_FEED, POST_FEED]) {
    const links = (await readersFeed(page, path)).entries.map((e) => e.link)
    expect(links, path).not.toContain(first)
    expect(links, path).toContain(second)
  }
})

test('only posts that take reader links have a readers’ feed', async ({ request }) => {
  const other = PUBLISHED.find((p) => !p.readerLinks)!
  for (const path of [
    `/posts/${other.slug}/links.xml`,
    '/posts/no-such-post/links.xml',
    `/posts/${DRAFT_SLUG}/links.xml`,
  ]) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(404)
    expect(await response.text()).not.toContain('<feed')
  }
})
