/**
 * Runs before `next build` (prebuild): compiles every post into .compiled-posts/,
 * which the build's prerendering and the production server read. MDX is
 * compiled here and only here; unchanged posts come from the compile cache.
 */
import { getPosts, postDirs } from '../lib/posts/catalog'
import { builtPostsDir, writeBuiltPosts } from '../lib/posts/built'
import { compilePost } from '../lib/posts/compile'

const started = Date.now()
const { cacheDir, publicDir } = postDirs()
const posts = await getPosts()
const compiled = []
let fresh = 0
for (const post of posts) {
  const { code, fromCache } = await compilePost(post, { cacheDir, publicDir })
  if (!fromCache) fresh++
  compiled.push({ slug: post.slug, code })
}
await writeBuiltPosts(compiled)
console.log(
  `posts: ${compiled.length} compiled into ${builtPostsDir()} (${fresh} changed) in ${Date.now() - started} ms`,
)
