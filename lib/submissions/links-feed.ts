import { Feed } from 'feed'
import { escapeHtml } from '../posts/feed'
import { site } from '../site'
import type { FeedLink } from './public-list'

/** How many stories a readers' feed carries: enough for any reader polling daily. */
export const LINKS_FEED_LIMIT = 50

export const linksFeedPath = (postSlug?: string): string =>
  postSlug ? `/posts/${postSlug}/links.xml` : '/links/feed.xml'

const formatDay = (date: Date) =>
  date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })

/**
 * Atom for approved reader links, newest approval first. Everything a reader
 * typed (title, name) is escaped: Atom declares these elements as HTML, and a
 * reader's "<b>" must show as text, never as markup.
 */
export function buildLinksFeed(input: {
  links: FeedLink[]
  /** Post titles by slug, for "in answer to". */
  postTitles: Map<string, string>
  siteUrl: URL
  /** Set for one post's feed; absent for the site-wide one. */
  post?: { slug: string; title: string }
}): string {
  const { links, postTitles, siteUrl, post } = input
  const abs = (p: string) => new URL(p, siteUrl).toString()
  const self = abs(linksFeedPath(post?.slug))
  const feed = new Feed({
    id: self,
    // The feed's own title is plain text (the library escapes it); entry titles are HTML.
    title: post
      ? `Readers’ stories on “${post.title}” · ${site.title}`
      : `Readers’ stories · ${site.title}`,
    description: post
      ? `Links readers shared in answer to “${post.title}”, newest first.`
      : 'Links to their own failure stories that readers shared under the posts, newest first.',
    link: abs(post ? `/posts/${post.slug}` : '/links'),
    language: site.locale,
    favicon: abs('/icon.svg'),
    updated: links[0]?.approvedAt ?? new Date(0),
    feedLinks: { atom: self },
    author: { name: site.author },
  })
  for (const link of links) {
    const postTitle = postTitles.get(link.postSlug) ?? link.postSlug
    const postUrl = abs(`/posts/${link.postSlug}`)
    const who = link.submitterName ?? 'A reader'
    const title = link.title ?? link.host
    feed.addItem({
      title: escapeHtml(title),
      id: `${postUrl}#reader-link-${link.id}`,
      link: link.url,
      date: link.approvedAt,
      published: link.approvedAt,
      author: [{ name: who }],
      content: [
        `<p><a href="${escapeHtml(link.url)}" rel="ugc nofollow noopener">${escapeHtml(title)}</a> (${escapeHtml(link.host)})</p>`,
        `<p>Shared by ${escapeHtml(who)} in answer to <a href="${escapeHtml(postUrl)}">${escapeHtml(postTitle)}</a>.</p>`,
        `<p>Approved on ${escapeHtml(formatDay(link.approvedAt))}.</p>`,
      ].join('\n'),
    })
  }
  return feed.atom1()
}
