import { Feed } from 'feed'
import { fullTitle, site } from '../site'

export type FeedPost = {
  slug: string
  title: string
  date: string
  description: string
  tags: string[]
  /** The full post as feed-ready HTML (absolute URLs, inline styles); see lib/feeds/feed-html.ts. */
  content?: string
}

export type FeedFormat = 'rss' | 'atom' | 'json'

/** Where each format of the posts feed is served. */
export const POST_FEED_PATHS: Record<FeedFormat, string> = {
  rss: '/feed.xml',
  atom: '/atom.xml',
  json: '/feed.json',
}

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const postDate = (date: string) => new Date(`${date}T00:00:00Z`)

function postFeed(posts: FeedPost[], siteUrl: URL, format: FeedFormat): Feed {
  const abs = (p: string) => new URL(p, siteUrl).toString()
  const newest = posts[0]
  const feed = new Feed({
    id: abs('/'),
    title: fullTitle,
    description: site.description,
    link: abs('/'),
    language: site.locale,
    favicon: abs('/icon.svg'),
    copyright: `© ${site.author}`,
    updated: newest ? postDate(newest.date) : undefined,
    feedLinks: {
      rss: abs(POST_FEED_PATHS.rss),
      atom: abs(POST_FEED_PATHS.atom),
      json: abs(POST_FEED_PATHS.json),
    },
    author: { name: site.author },
  })
  for (const post of posts) {
    feed.addItem({
      // Atom declares its titles as HTML; RSS and JSON Feed titles are plain text.
      title: format === 'atom' ? escapeHtml(post.title) : post.title,
      id: abs(`/posts/${post.slug}`),
      link: abs(`/posts/${post.slug}`),
      description: format === 'atom' ? escapeHtml(post.description) : post.description,
      content: post.content,
      date: postDate(post.date),
      published: format === 'rss' ? undefined : postDate(post.date),
      // RSS wants an email address in <author>; the channel names the author instead.
      author: format === 'rss' ? undefined : [{ name: site.author }],
      category: post.tags.map((name) => ({ name, term: name })),
    })
  }
  return feed
}

/**
 * The `feed` library writes JSON Feed 1 (`author`); 1.1 names authors in a list
 * and adds the language. The rest of the document is the same.
 */
function jsonFeed11(json1: string): string {
  type Author = { name?: string; url?: string }
  const doc = JSON.parse(json1) as Record<string, unknown> & {
    author?: Author
    items: (Record<string, unknown> & { author?: Author })[]
  }
  const { author, items, ...rest } = doc
  return JSON.stringify(
    {
      ...rest,
      version: 'https://jsonfeed.org/version/1.1',
      language: site.locale,
      ...(author ? { authors: [author] } : {}),
      items: items.map(({ author: itemAuthor, ...item }) => ({
        ...item,
        ...(itemAuthor ? { authors: [itemAuthor] } : {}),
      })),
    },
    null,
    2,
  )
}

/** The posts feed (newest first) in one format, with absolute links under siteUrl. */
export function buildPostFeed(posts: FeedPost[], siteUrl: URL, format: FeedFormat): string {
  const feed = postFeed(posts, siteUrl, format)
  if (format === 'rss') return feed.rss2()
  if (format === 'atom') return feed.atom1()
  return jsonFeed11(feed.json1())
}

/** RSS 2.0 for the given posts (newest first), with absolute links under siteUrl. */
export function buildRssFeed(posts: FeedPost[], siteUrl: URL): string {
  return buildPostFeed(posts, siteUrl, 'rss')
}
