import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { readFeed } from '../support/feeds'
import { buildLinksFeed } from '@/lib/submissions/links-feed'
import type { FeedLink } from '@/lib/submissions/public-list'

const SITE = new URL('https://blog.example.com')
const at = (iso: string) => new Date(iso)
const links: FeedLink[] = [
  {
    id: 9,
    postSlug: 'writing-about-failures',
    url: 'https://stories.example/a?x=1&y=<2>',
    title: 'My <script>alert(1)</script> outage & after',
    submitterName: 'Ada <b>L</b>',
    host: 'stories.example',
    createdAt: at('2026-01-01T10:00:00Z'),
    approvedAt: at('2026-01-03T09:30:00Z'),
  },
  {
    id: 4,
    postSlug: 'writing-about-failures',
    url: 'https://other.example/post',
    title: null,
    submitterName: null,
    host: 'other.example',
    createdAt: at('2026-01-02T10:00:00Z'),
    approvedAt: at('2026-01-02T11:00:00Z'),
  },
]
const postTitles = new Map([['writing-about-failures', 'On writing about failures']])

describe('buildLinksFeed', () => {
  const feed = readFeed(buildLinksFeed({ links, postTitles, siteUrl: SITE }), 'xml')

  it('lists the links in the given order with their URL, date and who shared them', () => {
    expect(feed.link).toBe('https://blog.example.com/links')
    expect(feed.entries.map((e) => e.link)).toEqual([
      'https://stories.example/a?x=1&y=%3C2%3E',
      'https://other.example/post',
    ])
    expect(feed.entries.map((e) => e.published)).toEqual([
      '2026-01-03T09:30:00.000Z',
      '2026-01-02T11:00:00.000Z',
    ])
    expect(feed.entries.map((e) => e.authors)).toEqual([['Ada <b>L</b>'], ['A reader']])
    expect(new Set(feed.entries.map((e) => e.id)).size).toBe(2)
  })

  it('shows what readers typed as text: the parsed title is their exact words', () => {
    expect(feed.entries[0]?.title).toBe('My <script>alert(1)</script> outage & after')
    expect(feed.entries[1]?.title).toBe('other.example')
  })

  it('names the post it answers, and never lets reader text become markup', () => {
    const content = feed.entries[0]?.content ?? ''
    expect(content).toContain(
      'in answer to <a href="https://blog.example.com/posts/writing-about-failures">On writing about failures</a>',
    )
    expect(content).toContain('Ada &lt;b&gt;L&lt;/b&gt;')
    expect(content).toContain('My &lt;script&gt;alert(1)&lt;/script&gt; outage &amp; after')
    expect(content).not.toMatch(/<script|<b>/)
    expect(content).toContain('Approved on 3 January 2026.')
  })

  it('makes a per-post feed that says which post', () => {
    const one = readFeed(
      buildLinksFeed({
        links: links.slice(1),
        postTitles,
        siteUrl: SITE,
        post: { slug: 'writing-about-failures', title: 'On writing about failures' },
      }),
      'xml',
    )
    expect(one.title).toContain('On writing about failures')
    expect(one.link).toBe('https://blog.example.com/posts/writing-about-failures')
    expect(one.entries).toHaveLength(1)
  })

  // Atom allows a feed with no entries; @extractus/feed-extractor refuses one
  // ("Unrecognized feed format"), so the XML is read directly too.
  it('is a valid Atom document with no entries when nothing is approved', () => {
    const xml = buildLinksFeed({ links: [], postTitles, siteUrl: SITE })
    expect(XMLValidator.validate(xml)).toBe(true)
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
      feed?: { '@_xmlns'?: string; entry?: unknown; title?: string }
    }
    expect(doc.feed?.['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(doc.feed?.title).toBe('Readers’ stories · Red Green Repeat')
    expect(doc.feed?.entry).toBeUndefined()
    expect(readFeed(xml, 'xml')).toEqual({
      title: 'Readers’ stories · Red Green Repeat',
      link: 'https://blog.example.com/links',
      entries: [],
    })
  })
})
