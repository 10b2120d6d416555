/** Runs before dev and build: serves each folder post's images from public/post-assets. */
import path from 'node:path'
import { copyPostAssets } from '../lib/posts/assets'

const postsDir = path.resolve(process.env.POSTS_DIR || 'posts')
const copied = await copyPostAssets(postsDir, path.resolve('public'))
console.log(
  `post assets: copied ${copied} image(s) from ${path.relative(process.cwd(), postsDir) || '.'}`,
)
