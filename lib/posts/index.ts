import { compilePost, type CompiledPost } from './compile'
import { postDirs } from './catalog'
import type { PostSource } from './source'

export type { PostSummary, PostSource } from './source'
export { summarize } from './source'
export { readingTimeSentence } from './reading-time'
export { getPosts, getPost, showDrafts } from './catalog'
export { paginate, postsWithTag, allTags, neighbours } from './listing'

export async function getCompiledPost(post: PostSource): Promise<CompiledPost> {
  const { cacheDir, publicDir } = postDirs()
  return compilePost(post, { cacheDir, publicDir })
}
