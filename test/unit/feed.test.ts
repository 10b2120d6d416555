import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { buildRssFeed } from '@/lib/posts/feed'
import { fullTitle } from '@/lib/site'

type Item = {
  title: string
  link: string
  guid: { '#text': string; '@_isPermaLink': string }
  pubDate: string
  description: string
  category?: string[]
}

type Channel = {
  title: string
  link: string
  lastBuildDate?: string
  'atom:link': { '@_href': string; '@_rel': string }
  item?: Item[]
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => name === 'item' || name === 'category',
})

function parseFeed(xml: string): Channel {
  expect(XMLValidator.validate(xml)).toBe(true)
  const doc = parser.parse(xml) as { rss: { '@_version': string; channel: Channel } }
  expect(doc.rss['@_version']).toBe('2.0')
  return doc.rss.channel
}

const SITE = new URL('https://blog.example.com')

const posts = [
  {
    slug: 'newest-post',
    title: 'Less <than> & "more" — tricky',
    date: '2025-03-04',
    description: 'Uses <b>tags</b> & ampersands & a ]]> terminator.',
    tags: ['tdd', 'specs'],
  },
  {
    slug: 'middle-post',
    title: 'A ]]> in the middle & <script>alert(1)</script>',
    date: '2025-02-01',
    description: 'Plain words.',
    tags: ['testing'],
  },
  {
    slug: 'oldest-post',
    title: 'Plain title',
    date: '2024-12-31',
    description: 'Old.',
    tags: ['writing'],
  },
]

describe('buildRssFeed', () => {
  const channel = parseFeed(buildRssFeed(posts, SITE))
  const items = channel.item ?? []

  it('describes the blog with absolute links', () => {
    expect(channel.title).toBe(fullTitle)
    expect(channel.link).toBe('https://blog.example.com/')
    expect(channel['atom:link']).toMatchObject({
      '@_href': 'https://blog.example.com/feed.xml',
      '@_rel': 'self',
    })
    expect(channel.lastBuildDate).toBe(new Date('2025-03-04T00:00:00Z').toUTCString())
  })

  it('has one item per post, in the given order', () => {
    expect(items).toHaveLength(posts.length)
    expect(items.map((i) => i.link)).toEqual([
      'https://blog.example.com/posts/newest-post',
      'https://blog.example.com/posts/middle-post',
      'https://blog.example.com/posts/oldest-post',
    ])
  })

  it('uses the absolute post URL as a non-permalink guid', () => {
    for (const [i, item] of items.entries()) {
      expect(item.guid['#text']).toBe(`https://blog.example.com/posts/${posts[i]?.slug}`)
      expect(item.guid['@_isPermaLink']).toBe('false')
    }
  })

  it('keeps titles with <, &, quotes and ]]> intact through an XML parser', () => {
    expect(items.map((i) => i.title)).toEqual(posts.map((p) => p.title))
  })

  it('keeps descriptions intact through an XML parser', () => {
    expect(items.map((i) => i.description)).toEqual(posts.map((p) => p.description))
  })

  it('dates each item at midnight UTC on its date', () => {
    expect(items[0]?.pubDate).toBe('Tue, 04 Mar 2025 00:00:00 GMT')
    expect(items[2]?.pubDate).toBe('Tue, 31 Dec 2024 00:00:00 GMT')
  })

  it('lists the tags as categories', () => {
    expect(items.map((i) => i.category)).toEqual([['tdd', 'specs'], ['testing'], ['writing']])
  })

  it('adds no elements from markup in a title', () => {
    expect(Object.keys(items[1] ?? {}).sort()).toEqual([
      'category',
      'description',
      'guid',
      'link',
      'pubDate',
      'title',
    ])
  })

  it('builds links under another site URL', () => {
    const other = parseFeed(buildRssFeed(posts.slice(2), new URL('http://localhost:3000')))
    expect(other.item?.map((i) => i.link)).toEqual(['http://localhost:3000/posts/oldest-post'])
  })

  it('is a valid feed with no items when there are no posts', () => {
    const empty = parseFeed(buildRssFeed([], SITE))
    expect(empty.item).toBeUndefined()
    expect(empty.lastBuildDate).toBeDefined()
  })
})
