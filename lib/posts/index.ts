import type { CompiledPost } from './compile'
import { builtPostsDir, readBuiltPost } from './built'
import { postDirs } from './catalog'
import type { PostSource } from './source'

export type { PostSummary, PostSource } from './source'
export { summarize } from './source'
export { readingTimeSentence } from './reading-time'
export { getPosts, getPost, showDrafts } from './catalog'
export { paginate, postsWithTag, allTags, neighbours } from './listing'

/**
 * In production (the build's prerendering and the server) a post's compiled
 * code comes from the files scripts/compile-posts.ts wrote before the build.
 * Next inlines NODE_ENV, so the compiler import below is not even in the
 * production bundle, and the deployed functions do not carry it.
 */
export async function getCompiledPost(post: PostSource): Promise<CompiledPost> {
  if (process.env.NODE_ENV !== 'production') {
    const { compilePost } = await import('./compile')
    const { cacheDir, publicDir } = postDirs()
    return compilePost(post, { cacheDir, publicDir })
  }
  const code = await readBuiltPost(post.slug)
  if (code === null) {
    throw new Error(
      `${post.file} was not compiled before the build: build with \`npm run build\` (its prebuild step compiles posts into ${builtPostsDir()}).`,
    )
  }
  return { code, fromCache: true }
}
