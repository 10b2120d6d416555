import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SLUG_PATTERN, loadPostSources } from '@/lib/posts/source'
import { makeTempPosts, mdx, pngBuffer, type TempPosts } from './post-fixtures'

let tmp: TempPosts
beforeEach(async () => {
  tmp = await makeTempPosts()
})
afterEach(async () => {
  await tmp.cleanup()
})

const load = () => loadPostSources({ postsDir: tmp.postsDir, publicDir: tmp.publicDir })

const coverYaml = (src: string) =>
  [
    'cover:',
    `  src: ${src}`,
    '  alt: "A red rectangle."',
    '  credit:',
    '    author: "A. Painter"',
    '    title: "Red"',
    '    url: "https://example.org/red"',
  ].join('\n')

describe('loadPostSources', () => {
  it('sorts newest first and breaks date ties by slug', async () => {
    await tmp.write('middle-b.mdx', mdx({ date: '2025-02-01' }))
    await tmp.write('oldest.mdx', mdx({ date: '2024-12-31' }))
    await tmp.write('middle-a/index.mdx', mdx({ date: '2025-02-01' }))
    await tmp.write('newest.mdx', mdx({ date: '2025-03-01' }))
    await tmp.write('middle-c.mdx', mdx({ date: '2025-02-01' }))
    const posts = await load()
    expect(posts.map((p) => p.slug)).toEqual([
      'newest',
      'middle-a',
      'middle-b',
      'middle-c',
      'oldest',
    ])
  })

  it('takes the slug from name.mdx and from folder/index.mdx', async () => {
    const single = await tmp.write('single-file-post.mdx', mdx({ date: '2025-01-02' }))
    await tmp.write('folder-post/index.mdx', mdx({ date: '2025-01-01' }))
    const [a, b] = await load()
    expect(a).toMatchObject({ slug: 'single-file-post', dir: null })
    expect(a?.file).toBe(path.relative(process.cwd(), single))
    expect(b).toMatchObject({ slug: 'folder-post', dir: path.join(tmp.postsDir, 'folder-post') })
  })

  it('ignores files that are not .mdx and folders without index.mdx', async () => {
    await tmp.write('only-post.mdx', mdx())
    await tmp.write('README.md', '# not a post')
    await tmp.write('notes.txt', 'not a post')
    await tmp.write('empty-folder/other.mdx', mdx())
    expect((await load()).map((p) => p.slug)).toEqual(['only-post'])
  })

  it('returns the body without frontmatter, and the reading time', async () => {
    await tmp.write('body.mdx', mdx({}, 'Hello **world**.\n'))
    const [post] = await load()
    expect(post?.body.trim()).toBe('Hello **world**.')
    expect(post?.body).not.toContain('title:')
    expect(post?.minutes).toBe(1)
  })

  it.each(['Upper-Case', 'has space', 'under_score', 'double--hyphen', '-leading'])(
    'rejects the slug %j, naming the file',
    async (slug) => {
      await tmp.write(`${slug}.mdx`, mdx())
      await expect(load()).rejects.toThrow(
        new RegExp(`${slug}\\.mdx: the slug "${slug}" must be lowercase words joined by hyphens`),
      )
    },
  )

  it('rejects an invalid folder slug too', async () => {
    await tmp.write('My Post/index.mdx', mdx())
    await expect(load()).rejects.toThrow(/the slug "My Post" must be lowercase/)
  })

  it('rejects a file post and a folder post that share a slug', async () => {
    await tmp.write('same-slug.mdx', mdx())
    await tmp.write('same-slug/index.mdx', mdx())
    await expect(load()).rejects.toThrow(/Two posts share the slug "same-slug"/)
    await expect(load()).rejects.toThrow(path.join('same-slug', 'index.mdx'))
  })

  it('returns drafts, marked draft: true', async () => {
    await tmp.write('published.mdx', mdx({ date: '2025-01-02' }))
    await tmp.write('unfinished.mdx', mdx({ date: '2025-01-01', draft: true }))
    const posts = await load()
    expect(posts.map((p) => [p.slug, p.draft])).toEqual([
      ['published', false],
      ['unfinished', true],
    ])
  })

  it("resolves a folder post's cover to its public URL with its size", async () => {
    await tmp.png('painted/cover.png', 12, 7)
    await tmp.write('painted/index.mdx', mdx({ extra: coverYaml('./cover.png') }))
    const [post] = await load()
    expect(post?.cover).toEqual({
      src: '/post-assets/painted/cover.png',
      width: 12,
      height: 7,
      alt: 'A red rectangle.',
      credit: { author: 'A. Painter', title: 'Red', url: 'https://example.org/red' },
    })
  })

  it('resolves a cover from the public folder by its absolute path', async () => {
    await mkdir(path.join(tmp.publicDir, 'images'), { recursive: true })
    await writeFile(path.join(tmp.publicDir, 'images', 'wide.png'), await pngBuffer(20, 5))
    await tmp.write('shared-cover.mdx', mdx({ extra: coverYaml('/images/wide.png') }))
    const [post] = await load()
    expect(post?.cover).toMatchObject({ src: '/images/wide.png', width: 20, height: 5 })
  })

  it('rejects a relative cover in a single-file post, naming the file', async () => {
    const file = await tmp.write('lonely.mdx', mdx({ extra: coverYaml('./cover.png') }))
    const relative = path.relative(process.cwd(), file)
    await expect(load()).rejects.toThrow(
      `${relative}: the image "./cover.png" is relative, so the post must be a folder (posts/lonely/index.mdx) holding it`,
    )
  })

  it('rejects a cover that is missing from the folder', async () => {
    await tmp.write('no-image/index.mdx', mdx({ extra: coverYaml('./cover.png') }))
    await expect(load()).rejects.toThrow(
      /no-image.index\.mdx: the image "\.\/cover\.png" was not found/,
    )
  })

  it("rejects a cover outside the post's folder", async () => {
    await tmp.png('elsewhere/cover.png', 2, 2)
    await tmp.write('escape/index.mdx', mdx({ extra: coverYaml('../elsewhere/cover.png') }))
    await expect(load()).rejects.toThrow(/must sit directly in the post's folder/)
  })

  it('rejects a cover that is not an image', async () => {
    await tmp.write('text-cover/notes.txt', 'hello')
    await tmp.write('text-cover/index.mdx', mdx({ extra: coverYaml('./notes.txt') }))
    await expect(load()).rejects.toThrow(/"\.\/notes\.txt" is not a supported image type/)
  })
})

describe('the sample posts in posts/ (read only)', () => {
  const postsDir = path.resolve(import.meta.dirname, '../../posts')
  const publicDir = path.resolve(import.meta.dirname, '../../public')

  it('all load, with unique valid slugs, newest first', async () => {
    const posts = await loadPostSources({ postsDir, publicDir })
    expect(posts.length).toBeGreaterThan(0)
    const slugs = posts.map((p) => p.slug)
    expect(new Set(slugs).size).toBe(slugs.length)
    for (const slug of slugs) expect(slug).toMatch(SLUG_PATTERN)
    const dates = posts.map((p) => p.date)
    expect(dates).toEqual([...dates].sort().reverse())
  })

  it("resolve a folder post's cover to the size stored in the PNG header", async () => {
    const posts = await loadPostSources({ postsDir, publicDir })
    const painted = posts.find((p) => p.slug === 'the-painting-on-the-wall')
    const png = await readFile(path.join(postsDir, 'the-painting-on-the-wall', 'cover.png'))
    expect(painted?.cover).toMatchObject({
      src: '/post-assets/the-painting-on-the-wall/cover.png',
      width: png.readUInt32BE(16),
      height: png.readUInt32BE(20),
    })
  })
})

describe('getPosts', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  /** A fresh copy of lib/posts (and lib/env), so neither the memo nor the env cache carries over. */
  async function freshPosts(nodeEnv: 'production' | 'development') {
    vi.stubEnv('NODE_ENV', nodeEnv)
    vi.stubEnv('POSTS_DIR', tmp.postsDir)
    vi.resetModules()
    const envModule = await import('@/lib/env')
    envModule.resetEnvForTests()
    return import('@/lib/posts')
  }

  beforeEach(async () => {
    await tmp.write('published.mdx', mdx({ date: '2025-01-02' }))
    await tmp.write('unfinished.mdx', mdx({ date: '2025-01-03', draft: true }))
  })

  it('hides drafts in production', async () => {
    const posts = await freshPosts('production')
    expect(posts.showDrafts()).toBe(false)
    expect((await posts.getPosts()).map((p) => p.slug)).toEqual(['published'])
    expect(await posts.getPost('unfinished')).toBeUndefined()
  })

  it('shows drafts in development', async () => {
    const posts = await freshPosts('development')
    expect(posts.showDrafts()).toBe(true)
    expect((await posts.getPosts()).map((p) => p.slug)).toEqual(['unfinished', 'published'])
    expect((await posts.getPost('unfinished'))?.draft).toBe(true)
  })

  it('reads the folder once in production', async () => {
    const posts = await freshPosts('production')
    const first = await posts.getPosts()
    await tmp.write('added-later.mdx', mdx({ date: '2025-06-01' }))
    expect(await posts.getPosts()).toBe(first)
  })

  it('re-reads the folder on each call in development', async () => {
    const posts = await freshPosts('development')
    await posts.getPosts()
    await tmp.write('added-later.mdx', mdx({ date: '2025-06-01' }))
    expect((await posts.getPosts()).map((p) => p.slug)).toEqual([
      'added-later',
      'unfinished',
      'published',
    ])
  })
})
