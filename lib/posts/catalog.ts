import path from 'node:path'
import { env } from '../env'
import { loadPostSources, type PostSource } from './source'

/** Drafts are visible while writing and never in a production build. */
export const showDrafts = (): boolean => env().NODE_ENV !== 'production'

export function postDirs() {
  // The posts folder is named by env, so the bundler cannot trace it; next.config.mjs
  // lists posts/ in outputFileTracingIncludes instead.
  const cwd = process.cwd()
  return {
    postsDir: path.resolve(/* turbopackIgnore: true */ cwd, env().POSTS_DIR),
    publicDir: path.join(cwd, 'public'),
    cacheDir: path.join(cwd, '.next', 'cache', 'mdx-bundler'),
  }
}

let memo: Promise<PostSource[]> | undefined

/** All posts that should be visible, newest first. */
export function getPosts(): Promise<PostSource[]> {
  // Re-read on each call in development so edits show without a restart.
  if (memo && env().NODE_ENV === 'production') return memo
  const { postsDir, publicDir } = postDirs()
  const drafts = showDrafts()
  memo = loadPostSources({ postsDir, publicDir }).then((all) =>
    drafts ? all : all.filter((p) => !p.draft),
  )
  return memo
}

export async function getPost(slug: string): Promise<PostSource | undefined> {
  return (await getPosts()).find((p) => p.slug === slug)
}
