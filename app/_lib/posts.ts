import { cacheLife } from 'next/cache'
import {
  getCompiledPost,
  getPost,
  getPosts,
  neighbours,
  summarize,
  type PostSource,
  type PostSummary,
} from '@/lib/posts'

/**
 * Next-side wrappers over lib/posts. 'use cache' lets the file reads land in the
 * static shell at build time; posts only change with a new build, hence 'max'.
 *
 * Each prerendered page stores the cache entries it used, so a page must use only
 * what it shows: lists get summaries (no post bodies), and a post page gets its
 * own post and its two neighbours, not the whole list. Otherwise every page would
 * carry every post and the build would grow with the square of the post count.
 */
export async function cachedPosts(): Promise<PostSummary[]> {
  'use cache'
  cacheLife('max')
  return (await getPosts()).map(summarize)
}

export async function cachedPost(
  slug: string,
): Promise<{ post: PostSource; code: string } | undefined> {
  'use cache'
  cacheLife('max')
  const post = await getPost(slug)
  if (!post) return undefined
  const { code } = await getCompiledPost(post)
  return { post, code }
}

/** A post's frontmatter without its body or code: for metadata and the OG image. */
export async function cachedPostSummary(slug: string): Promise<PostSummary | undefined> {
  'use cache'
  cacheLife('max')
  const post = await getPost(slug)
  return post && summarize(post)
}

type Link = Pick<PostSummary, 'slug' | 'title'>

export async function cachedNeighbours(slug: string): Promise<{ newer?: Link; older?: Link }> {
  'use cache'
  cacheLife('max')
  const { newer, older } = neighbours(await getPosts(), slug)
  const link = (p: PostSource | undefined) => p && { slug: p.slug, title: p.title }
  return { newer: link(newer), older: link(older) }
}
