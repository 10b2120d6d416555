import { describe, expect, it } from 'vitest'
import { readFeed } from '../support/feeds'
import { buildPostFeed, type FeedFormat } from '@/lib/posts/feed'

const SITE = new URL('https://blog.example.com')
const posts = [
  {
    slug: 'newest-post',
    title: 'Less <than> & "more"',
    date: '2025-03-04',
    description: 'Short & sweet.',
    tags: ['tdd'],
    content:
      '<p>The <strong>whole</strong> post, with a ]]> in it &#x26; <a href="https://blog.example.com/x">a link</a>.</p>',
  },
  {
    slug: 'older-post',
    title: 'Plain title',
    date: '2024-12-31',
    description: 'Old.',
    tags: ['writing'],
    content:
      '<pre style="color:#1f2328"><code><span style="color:#CF222E">const</span></code></pre>',
  },
]

const formats: [FeedFormat, 'xml' | 'json'][] = [
  ['rss', 'xml'],
  ['atom', 'xml'],
  ['json', 'json'],
]

describe.each(formats)('buildPostFeed(%s)', (format, kind) => {
  const body = buildPostFeed(posts, SITE, format)
  const feed = readFeed(body, kind)

  it('has one entry per post, in order, with absolute links and plain-text titles', () => {
    expect(feed.entries.map((e) => e.link)).toEqual([
      'https://blog.example.com/posts/newest-post',
      'https://blog.example.com/posts/older-post',
    ])
    expect(feed.entries.map((e) => e.title)).toEqual(posts.map((p) => p.title))
    expect(feed.entries[1]?.published).toBe('2024-12-31T00:00:00.000Z')
  })

  it('carries each post’s full HTML unchanged', () => {
    expect(feed.entries.map((e) => e.content)).toEqual(posts.map((p) => p.content))
  })
})

describe('buildPostFeed(json)', () => {
  it('is JSON Feed 1.1, with authors and the language', () => {
    const doc = JSON.parse(buildPostFeed(posts, SITE, 'json')) as Record<string, unknown> & {
      items: Record<string, unknown>[]
    }
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1')
    expect(doc.feed_url).toBe('https://blog.example.com/feed.json')
    expect(doc.language).toBe('en')
    expect(doc.author).toBeUndefined()
    expect(doc.authors).toEqual([{ name: 'The Spec Driven Junkie' }])
    expect(doc.items[0]).toMatchObject({
      content_html: posts[0]?.content,
      summary: posts[0]?.description,
      authors: [{ name: 'The Spec Driven Junkie' }],
    })
    expect(doc.items[0]?.author).toBeUndefined()
  })
})

describe('buildPostFeed(atom)', () => {
  it('points at itself and at the HTML site', () => {
    const body = buildPostFeed(posts, SITE, 'atom')
    expect(body).toContain('<link rel="self" href="https://blog.example.com/atom.xml"/>')
    expect(body).toContain('<link rel="alternate" href="https://blog.example.com/"/>')
  })
})
