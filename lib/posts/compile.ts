import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import rehypeAutolinkHeadings from 'rehype-autolink-headings'
import rehypePrettyCode from 'rehype-pretty-code'
import rehypeSlug from 'rehype-slug'
import remarkSmartypants from 'remark-smartypants'
import { toString } from 'hast-util-to-string'
import type { PostSource } from './source'
import { rehypeCodeBlocks } from './rehype-code-blocks'
import { rehypePostImages } from './rehype-post-images'
import { rehypeToc } from './rehype-toc'

/**
 * Bump when the plugin pipeline changes, so cached output made by an older
 * pipeline is not reused.
 */
const PIPELINE_VERSION = '2'

export type CompileOptions = { cacheDir: string; publicDir: string }
export type CompiledPost = { code: string; fromCache: boolean }

/** The folder's files affect the output (image sizes), so they are part of the key. */
async function assetFingerprint(dir: string | null): Promise<string> {
  if (!dir) return ''
  const names = (await readdir(dir)).filter((n) => n !== 'index.mdx').sort()
  const parts = await Promise.all(
    names.map(async (n) => {
      const s = await stat(path.join(dir, n))
      return `${n}:${s.size}:${s.mtimeMs}`
    }),
  )
  return parts.join('|')
}

export async function compileCacheKey(post: PostSource): Promise<string> {
  return createHash('sha256')
    .update(PIPELINE_VERSION)
    .update('\0')
    .update(post.slug)
    .update('\0')
    // The one frontmatter field the compiled output depends on.
    .update(post.toc ? 'toc' : 'no-toc')
    .update('\0')
    .update(post.body)
    .update('\0')
    .update(await assetFingerprint(post.dir))
    .digest('hex')
}

async function bundle(post: PostSource, publicDir: string): Promise<string> {
  const result = await bundleMDX({
    source: post.body,
    cwd: post.dir ?? path.dirname(path.resolve(post.file)),
    mdxOptions(options) {
      options.remarkPlugins = [
        ...(options.remarkPlugins ?? []),
        // Curly quotes and apostrophes in prose. Code (fenced and inline) is not
        // text to remark, so it keeps the straight quotes a reader copies.
        // Dashes and ellipses stay as written: `--` in prose is often a flag.
        [remarkSmartypants, { quotes: true, dashes: false, ellipses: false, backticks: false }],
      ]
      options.rehypePlugins = [
        ...(options.rehypePlugins ?? []),
        rehypeSlug,
        [rehypeToc, { enabled: post.toc }],
        [
          rehypeAutolinkHeadings,
          {
            behavior: 'append',
            properties: (heading: Parameters<typeof toString>[0]) => ({
              className: ['heading-anchor'],
              ariaLabel: `Link to the section “${toString(heading)}”`,
            }),
            content: { type: 'text', value: '#' },
          },
        ],
        [
          rehypePrettyCode,
          {
            theme: { light: 'github-light-default', dark: 'github-dark-default' },
            keepBackground: false,
            defaultLang: { block: 'plaintext' },
          },
        ],
        rehypeCodeBlocks,
        [
          rehypePostImages,
          { slug: post.slug, postDir: post.dir, publicDir, file: post.file },
        ],
      ]
      return options
    },
  })
  if (result.errors.length > 0) {
    throw new Error(`${post.file}: ${result.errors.map((e) => e.text).join('; ')}`)
  }
  return result.code
}

/**
 * Compiles a post's MDX, reusing the output of an earlier build when neither the
 * post nor its folder changed: compiling costs about 0.3 s a post.
 */
export async function compilePost(post: PostSource, opts: CompileOptions): Promise<CompiledPost> {
  const key = await compileCacheKey(post)
  const cacheFile = path.join(opts.cacheDir, `${key}.js`)
  const cached = await readFile(cacheFile, 'utf8').catch(() => null)
  if (cached !== null) return { code: cached, fromCache: true }

  const code = await bundle(post, opts.publicDir)
  // Write then rename: parallel build workers never read a half-written file. A
  // read-only file system (a serverless function) only loses the cache, not the post.
  const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`
  try {
    await mkdir(opts.cacheDir, { recursive: true })
    await writeFile(tmp, code)
    await rename(tmp, cacheFile)
  } catch (error) {
    console.warn(`mdx cache: could not write ${cacheFile}: ${(error as Error).message}`)
  }
  return { code, fromCache: false }
}
