import { cacheLife } from 'next/cache'
import { getCompiledPost, getPost, getPosts, type PostSource } from '@/lib/posts'

/**
 * Next-side wrappers over lib/posts. 'use cache' lets the file reads land in the
 * static shell at build time; posts only change with a new build, hence 'max'.
 */
export async function cachedPosts(): Promise<PostSource[]> {
  'use cache'
  cacheLife('max')
  return getPosts()
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
