import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * Compiled posts as the build ships them: one file per slug, written before
 * `next build` (scripts/compile-posts.ts). A production server reads these and
 * never compiles MDX, so no function carries mdx-bundler, esbuild or shiki.
 * Deliberately free of any compiler import.
 */
export const builtPostsDir = (cwd = process.cwd()): string =>
  path.join(/* turbopackIgnore: true */ cwd, '.compiled-posts')

export async function readBuiltPost(slug: string, dir = builtPostsDir()): Promise<string | null> {
  return readFile(path.join(dir, `${slug}.js`), 'utf8').catch(() => null)
}

/** Replaces the whole folder, so a removed or renamed post leaves nothing behind. */
export async function writeBuiltPosts(
  posts: Iterable<{ slug: string; code: string }>,
  dir = builtPostsDir(),
): Promise<void> {
  const next = `${dir}.${process.pid}.tmp`
  await rm(next, { recursive: true, force: true })
  await mkdir(next, { recursive: true })
  for (const { slug, code } of posts) await writeFile(path.join(next, `${slug}.js`), code)
  await rm(dir, { recursive: true, force: true })
  await rename(next, dir)
}
