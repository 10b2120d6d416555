import path from 'node:path'
import { getMDXComponent } from 'mdx-bundler/client'
import { createElement, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileCacheKey, compilePost } from '@/lib/posts/compile'
import { languageLabel } from '@/lib/posts/rehype-code-blocks'
import { TOC_MIN_HEADINGS } from '@/lib/posts/rehype-toc'
import { loadPostSources, type PostSource } from '@/lib/posts/source'
import { makeTempPosts, mdx, type TempPosts } from './post-fixtures'

/**
 * What the compile step (lib/posts/compile.ts) does to a post's text, seen in
 * the HTML it renders to: typographic quotes, code block labels, the table of
 * contents. One post per case, compiled for real (about 0.3 s each).
 */

const QUOTES = [
  'She said "ship it" and it\'s what we did.',
  '',
  'Run `echo "hi" && it\'s` in a shell.',
  '',
  '<Callout type="tip">Inside a callout, "quotes" curl too.</Callout>',
  '',
  '```ts',
  'const said = "ship it"; const it = \'is\'',
  '```',
  '',
  '```',
  'plain "text" block',
  '```',
  '',
  '```rust',
  'let s = "rust";',
  '```',
  '',
].join('\n')

const headings = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    [
      i === 2 ? `### Part \`${i}\` in "detail"` : `## Part ${i}`,
      '',
      `Words of part ${i}.`,
      '',
    ].join('\n'),
  ).join('\n')

let tmp: TempPosts
const html: Record<string, string> = {}
const sources: Record<string, PostSource> = {}

const Callout = ({ children }: { children: ReactNode }) =>
  createElement('aside', { className: 'callout' }, children)

async function render(post: PostSource): Promise<string> {
  const { code } = await compilePost(post, {
    cacheDir: path.join(tmp.root, 'cache'),
    publicDir: tmp.publicDir,
  })
  return renderToStaticMarkup(createElement(getMDXComponent(code), { components: { Callout } }))
}

beforeAll(async () => {
  tmp = await makeTempPosts()
  await tmp.write('quotes.mdx', mdx({}, QUOTES))
  await tmp.write('four.mdx', mdx({}, `An opening paragraph.\n\n${headings(TOC_MIN_HEADINGS)}`))
  await tmp.write('three.mdx', mdx({}, headings(TOC_MIN_HEADINGS - 1)))
  await tmp.write('opted-out.mdx', mdx({ extra: 'toc: false' }, headings(6)))
  for (const post of await loadPostSources({ postsDir: tmp.postsDir, publicDir: tmp.publicDir })) {
    sources[post.slug] = post
    html[post.slug] = await render(post)
  }
})

afterAll(async () => {
  await tmp.cleanup()
})

describe('typographic quotes', () => {
  it('curls quotes and apostrophes in prose, callouts included', () => {
    expect(html.quotes).toContain('She said “ship it” and it’s what we did.')
    expect(html.quotes).toContain('Inside a callout, “quotes” curl too.')
  })

  it('leaves inline code and code blocks with the straight quotes a reader copies', () => {
    expect(html.quotes).toContain('<code>echo &quot;hi&quot; &amp;&amp; it&#x27;s</code>')
    const blocks = html.quotes!.match(/<pre[\s\S]*?<\/pre>/g) ?? []
    expect(blocks).toHaveLength(3)
    for (const block of blocks) expect(block).not.toMatch(/[“”‘’]/)
    expect(blocks[0]).toContain('&quot;ship it&quot;')
    expect(blocks[0]).toContain('&#x27;is&#x27;')
  })
})

describe('code blocks', () => {
  it('get a bar naming their language, before the code', () => {
    const bars = [
      ...html.quotes!.matchAll(
        /<div class="code-bar"><span class="code-language">([^<]*)<\/span><\/div><pre/g,
      ),
    ]
    expect(bars.map((m) => m[1])).toEqual(['TypeScript', 'Text', 'rust'])
    expect(html.quotes).toMatch(/<figure data-rehype-pretty-code-figure="" class="code-block">/)
  })

  it('name languages as people call them, and unknown ones as written', () => {
    expect(languageLabel('tsx')).toBe('TSX')
    expect(languageLabel('bash')).toBe('Shell')
    expect(languageLabel('SQL')).toBe('SQL')
    expect(languageLabel('zig')).toBe('zig')
  })
})

describe('table of contents', () => {
  it(`lists the sections of a post with ${TOC_MIN_HEADINGS} headings, after its opening words`, () => {
    const page = html.four!
    const toc = /<nav class="toc" aria-label="Contents">([\s\S]*?)<\/nav>/.exec(page)?.[1]
    expect(toc).toBeDefined()
    expect(page.indexOf('An opening paragraph.')).toBeLessThan(page.indexOf('<nav class="toc"'))
    expect(page.indexOf('<nav class="toc"')).toBeLessThan(page.indexOf('<h2'))
    // An h3 nests under its h2; its inline code stays code, and its quotes curl.
    expect(toc).toBe(
      '<p class="toc-title">Contents</p><ol>' +
        '<li><a href="#part-0">Part 0</a></li>' +
        '<li><a href="#part-1">Part 1</a><ol>' +
        '<li><a href="#part-2-in-detail">Part <code>2</code> in “detail”</a></li></ol></li>' +
        '<li><a href="#part-3">Part 3</a></li></ol>',
    )
    for (const id of ['part-0', 'part-1', 'part-2-in-detail', 'part-3']) {
      expect(page).toContain(`id="${id}"`)
    }
  })

  it(`is left out below ${TOC_MIN_HEADINGS} headings, and when the post says toc: false`, () => {
    expect(html.three).toContain('<h2 id="part-0">')
    expect(html.three).not.toContain('class="toc"')
    expect(sources['opted-out']!.toc).toBe(false)
    expect(html['opted-out']).toContain('<h2 id="part-5">')
    expect(html['opted-out']).not.toContain('class="toc"')
  })

  it('is part of the compile cache key, since it changes the output', async () => {
    const post = sources.four!
    expect(await compileCacheKey({ ...post, toc: false })).not.toBe(await compileCacheKey(post))
  })
})
