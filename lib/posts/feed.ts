import { Feed } from 'feed'
import { fullTitle, site } from '../site'

type FeedPost = { slug: string; title: string; date: string; description: string; tags: string[] }

/** RSS 2.0 for the given posts (newest first), with absolute links under siteUrl. */
export function buildRssFeed(posts: FeedPost[], siteUrl: URL): string {
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
    updated: newest ? new Date(`${newest.date}T00:00:00Z`) : undefined,
    feedLinks: { rss: abs('/feed.xml') },
    author: { name: site.author },
  })
  for (const post of posts) {
    feed.addItem({
      title: post.title,
      id: abs(`/posts/${post.slug}`),
      link: abs(`/posts/${post.slug}`),
      description: post.description,
      date: new Date(`${post.date}T00:00:00Z`),
      category: post.tags.map((name) => ({ name })),
    })
  }
  return feed.rss2()
}
