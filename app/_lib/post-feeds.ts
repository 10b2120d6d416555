import { cacheLife } from 'next/cache'
import { createElement } from 'react'
import { PostFeedBody } from '@/components/feed/post-feed-body'
import { siteUrl } from '@/lib/env'
import { elementToHast } from '@/lib/feeds/element-to-hast'
import { FEED_CODE_THEME, feedHtmlFromTree } from '@/lib/feeds/feed-html'
import { getCompiledPost, getPosts } from '@/lib/posts'
import { buildPostFeed, FEED_CONTENT_TYPES, type FeedFormat, type FeedPost } from '@/lib/posts/feed'

/**
 * Every published post with its full text as feed HTML, rendered from the same
 * compiled MDX as the page. 'use cache' with 'max': posts change only with a
 * build, so the feed routes are prerendered and no function runs on a GET.
 */
async function cachedFeedPosts(): Promise<FeedPost[]> {
  'use cache'
  cacheLife('max')
  return Promise.all(
    (await getPosts()).map(async (post) => {
      const { code } = await getCompiledPost(post)
      const nodes = await elementToHast(createElement(PostFeedBody, { post, code }))
      const base = new URL(`/posts/${post.slug}`, siteUrl())
      return {
        slug: post.slug,
        title: post.title,
        date: post.date,
        description: post.description,
        tags: post.tags,
        content: feedHtmlFromTree(nodes, { base, theme: FEED_CODE_THEME }),
      }
    }),
  )
}

/** The response of one posts feed route. */
export async function postFeedResponse(format: FeedFormat): Promise<Response> {
  const body = buildPostFeed(await cachedFeedPosts(), siteUrl(), format)
  return new Response(body, { headers: { 'Content-Type': FEED_CONTENT_TYPES[format] } })
}
