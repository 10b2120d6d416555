import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileCacheKey, compilePost } from '@/lib/posts/compile'
import { loadPostSources, type PostSource } from '@/lib/posts/source'
import { makeTempPosts, mdx, type TempPosts } from './post-fixtures'

const BODY = [
  'Intro paragraph.',
  '',
  '## Why Tests Matter',
  '',
  '```ts',
  'const answer: number = 42',
  '```',
  '',
  '![A sketch](./sketch.png)',
  '',
].join('\n')

let tmp: TempPosts
let cacheDir: string
let post: PostSource

async function loadOnly(): Promise<PostSource> {
  const [only] = await loadPostSources({ postsDir: tmp.postsDir, publicDir: tmp.publicDir })
  if (!only) throw new Error('no post loaded')
  return only
}

beforeAll(async () => {
  tmp = await makeTempPosts()
  cacheDir = path.join(tmp.root, 'cache')
  await tmp.png('cached-post/sketch.png', 8, 6)
  await tmp.write('cached-post/index.mdx', mdx({}, BODY))
  post = await loadOnly()
})

afterAll(async () => {
  await tmp.cleanup()
})

describe('compilePost', () => {
  let first: Awaited<ReturnType<typeof compilePost>>

  beforeAll(async () => {
    first = await compilePost(post, { cacheDir, publicDir: tmp.publicDir })
  })

  it('compiles without the cache the first time and stores the output under its key', async () => {
    expect(first.fromCache).toBe(false)
    expect(await readdir(cacheDir)).toEqual([`${await compileCacheKey(post)}.js`])
  })

  it('highlights code with shiki, in both themes', () => {
    expect(first.code).toContain('--shiki-light')
    expect(first.code).toContain('--shiki-dark')
    expect(first.code).toMatch(/data-language["']?:\s*["']ts["']/)
  })

  it('gives headings an id and an anchor link', () => {
    expect(first.code).toMatch(/id:\s*"why-tests-matter"/)
    expect(first.code).toMatch(/href:\s*"#why-tests-matter"/)
    expect(first.code).toContain('heading-anchor')
    // esbuild writes the curly quotes as \u escapes.
    expect(first.code).toMatch(/Link to the section (“|\\u201C)Why Tests Matter(”|\\u201D)/)
  })

  it("rewrites a relative image to the post's public URL with its size", () => {
    expect(first.code).toContain('"/post-assets/cached-post/sketch.png"')
    expect(first.code).toMatch(/width:\s*"?8"?[,}]/)
    expect(first.code).toMatch(/height:\s*"?6"?[,}]/)
    expect(first.code).not.toContain('./sketch.png')
  })

  it('returns the cached output the second time', async () => {
    const second = await compilePost(post, { cacheDir, publicDir: tmp.publicDir })
    expect(second.fromCache).toBe(true)
    expect(second.code).toBe(first.code)
  })

  it('recompiles when the body changes', async () => {
    const changed = { ...post, body: post.body.replace('Intro paragraph.', 'A new intro.') }
    expect(await compileCacheKey(changed)).not.toBe(await compileCacheKey(post))
    const result = await compilePost(changed, { cacheDir, publicDir: tmp.publicDir })
    expect(result.fromCache).toBe(false)
    expect(result.code).toContain('A new intro.')
    expect(result.code).not.toContain('Intro paragraph.')
  })
})

describe('compileCacheKey', () => {
  it('is stable for the same post', async () => {
    expect(await compileCacheKey(post)).toBe(await compileCacheKey(await loadOnly()))
    expect(await compileCacheKey(post)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('depends on the slug', async () => {
    expect(await compileCacheKey({ ...post, slug: 'other-slug' })).not.toBe(
      await compileCacheKey(post),
    )
  })

  it('changes when an image in the folder changes, so the new size is compiled in', async () => {
    const before = await compileCacheKey(post)
    await tmp.png('cached-post/sketch.png', 16, 12)
    expect(await compileCacheKey(post)).not.toBe(before)
    const result = await compilePost(post, { cacheDir, publicDir: tmp.publicDir })
    expect(result.fromCache).toBe(false)
    expect(result.code).toMatch(/width:\s*"?16"?[,}]/)
    expect(result.code).toMatch(/height:\s*"?12"?[,}]/)
  })

  it('changes when a file is added to the folder', async () => {
    const before = await compileCacheKey(post)
    await tmp.png('cached-post/extra.png', 2, 2)
    expect(await compileCacheKey(post)).not.toBe(before)
  })

  it('does not depend on the index.mdx file itself (only on the body)', async () => {
    const before = await compileCacheKey(post)
    await tmp.write('cached-post/index.mdx', mdx({ title: '"A new title"' }, BODY))
    expect(await compileCacheKey(post)).toBe(before)
  })
})
