import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FrontmatterError, parseFrontmatter } from '@/lib/posts/frontmatter'
import { loadPostSources } from '@/lib/posts/source'
import { makeTempPosts, mdx, type TempPosts } from './post-fixtures'

const FILE = 'posts/some-post.mdx'

const valid = {
  title: 'A post',
  date: '2025-01-15',
  description: 'A description that is long enough to pass.',
  tags: ['testing', 'tdd'],
}

const cover = {
  src: './cover.png',
  alt: 'A red square on a green ground.',
  credit: { author: 'A. Painter', title: 'Red Square', url: 'https://example.org/red-square' },
}

/** Runs parseFrontmatter and returns the FrontmatterError it must throw. */
function frontmatterError(data: unknown, file = FILE): FrontmatterError {
  try {
    parseFrontmatter(file, data)
  } catch (error) {
    expect(error).toBeInstanceOf(FrontmatterError)
    return error as FrontmatterError
  }
  throw new Error('parseFrontmatter accepted invalid frontmatter')
}

describe('parseFrontmatter', () => {
  it('accepts valid frontmatter and fills the defaults', () => {
    expect(parseFrontmatter(FILE, valid)).toEqual({
      ...valid,
      draft: false,
      readerLinks: false,
      toc: true,
    })
  })

  it('takes toc: false, and nothing but a boolean', () => {
    expect(parseFrontmatter(FILE, { ...valid, toc: false }).toc).toBe(false)
    expect(frontmatterError({ ...valid, toc: 'no' }).fields).toEqual(['toc'])
  })

  it('names the file and the field when a required field is missing', () => {
    const { title: _omit, ...noTitle } = valid
    void _omit
    const error = frontmatterError(noTitle)
    expect(error.file).toBe(FILE)
    expect(error.fields).toEqual(['title'])
    expect(error.message).toContain(`Invalid frontmatter in ${FILE}`)
    expect(error.message).toMatch(/^\s+- title: /m)
    expect(error.name).toBe('FrontmatterError')
  })

  it('rejects tags that are not an array', () => {
    const error = frontmatterError({ ...valid, tags: 'testing' })
    expect(error.fields).toEqual(['tags'])
    expect(error.message).toContain(FILE)
    expect(error.message).toMatch(/- tags: .*array/i)
  })

  it('rejects tags that are not lowercase-hyphenated words, naming the index', () => {
    const error = frontmatterError({ ...valid, tags: ['ok', 'Not OK'] })
    expect(error.fields).toEqual(['tags.1'])
    expect(error.message).toContain('tags are lowercase words joined by hyphens')
  })

  it.each(['2025-13-45', '2025-02-30', '2025-1-5', '15/01/2025', '2025-01-15T10:00:00Z', ''])(
    'rejects the date %j',
    (date) => {
      const error = frontmatterError({ ...valid, date })
      expect(error.fields).toEqual(['date'])
      expect(error.message).toContain(FILE)
      expect(error.message).toContain('date: must be an ISO date such as 2025-01-15')
    },
  )

  it('accepts 29 February in a leap year only', () => {
    expect(parseFrontmatter(FILE, { ...valid, date: '2024-02-29' }).date).toBe('2024-02-29')
    expect(frontmatterError({ ...valid, date: '2025-02-29' }).fields).toEqual(['date'])
  })

  it('rejects an unknown key and names it', () => {
    const error = frontmatterError({ ...valid, author: 'Someone' })
    expect(error.message).toContain(FILE)
    expect(error.message).toContain('"author"')
    expect(error.fields).toHaveLength(1)
  })

  it('lists every bad field, not only the first', () => {
    const error = frontmatterError({ ...valid, title: '', tags: 'x', date: 'soon' })
    expect([...error.fields].sort()).toEqual(['date', 'tags', 'title'])
  })

  it('turns a YAML Date value into YYYY-MM-DD', () => {
    const data = { ...valid, date: new Date(Date.UTC(2025, 0, 5)) }
    expect(parseFrontmatter(FILE, data).date).toBe('2025-01-05')
  })

  it('keeps a quoted date string, trimmed', () => {
    expect(parseFrontmatter(FILE, { ...valid, date: ' 2024-12-31 ' }).date).toBe('2024-12-31')
  })

  it('rejects a description shorter than 20 characters', () => {
    expect(frontmatterError({ ...valid, description: 'Too short.' }).fields).toEqual([
      'description',
    ])
  })

  describe('cover', () => {
    it('accepts a cover with alt text and a full credit', () => {
      expect(parseFrontmatter(FILE, { ...valid, cover }).cover).toEqual(cover)
    })

    it('requires alt text', () => {
      const { alt: _omit, ...noAlt } = cover
      void _omit
      const error = frontmatterError({ ...valid, cover: noAlt })
      expect(error.fields).toEqual(['cover.alt'])
      expect(error.message).toContain(FILE)
    })

    it('rejects empty alt text with a reason', () => {
      const error = frontmatterError({ ...valid, cover: { ...cover, alt: '' } })
      expect(error.message).toContain('cover.alt: describe the image for people who cannot see it')
    })

    it('requires a credit', () => {
      const { credit: _omit, ...noCredit } = cover
      void _omit
      expect(frontmatterError({ ...valid, cover: noCredit }).fields).toEqual(['cover.credit'])
    })

    it.each(['author', 'title', 'url'] as const)('requires credit.%s', (key) => {
      const credit: Record<string, string> = { ...cover.credit }
      delete credit[key]
      const error = frontmatterError({ ...valid, cover: { ...cover, credit } })
      expect(error.fields).toEqual([`cover.credit.${key}`])
      expect(error.message).toContain(`cover.credit.${key}:`)
    })

    it.each(['javascript:alert(1)', 'ftp://example.org/x', 'not a url'])(
      'rejects the credit url %j',
      (url) => {
        const error = frontmatterError({
          ...valid,
          cover: { ...cover, credit: { ...cover.credit, url } },
        })
        expect(error.fields).toEqual(['cover.credit.url'])
      },
    )
  })
})

describe('loadPostSources frontmatter errors', () => {
  let tmp: TempPosts
  beforeEach(async () => {
    tmp = await makeTempPosts()
  })
  afterEach(async () => {
    await tmp.cleanup()
  })

  const load = () => loadPostSources({ postsDir: tmp.postsDir, publicDir: tmp.publicDir })

  async function loadError(): Promise<FrontmatterError> {
    const error = await load().then(
      () => {
        throw new Error('loadPostSources accepted invalid frontmatter')
      },
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(FrontmatterError)
    return error as FrontmatterError
  }

  it('names the file (relative to the working directory) and the missing field', async () => {
    const file = await tmp.write('no-title.mdx', mdx().replace(/^title: .*\n/m, ''))
    const error = await loadError()
    const relative = path.relative(process.cwd(), file)
    expect(error.file).toBe(relative)
    expect(error.message).toContain(`Invalid frontmatter in ${relative}`)
    expect(error.fields).toEqual(['title'])
  })

  it('rejects tags written as a plain string', async () => {
    await tmp.write('string-tags.mdx', mdx({ tags: 'testing' }))
    const error = await loadError()
    expect(error.message).toContain('string-tags.mdx')
    expect(error.fields).toEqual(['tags'])
  })

  it('rejects an unknown key', async () => {
    await tmp.write('unknown-key.mdx', mdx({ extra: 'subtitle: "Nope"' }))
    const error = await loadError()
    expect(error.message).toContain('unknown-key.mdx')
    expect(error.message).toContain('"subtitle"')
  })

  // YAML reads an unquoted 2025-13-45 as a Date and rolls it over to 2026-02-14.
  it.each(['2025-13-45', '"2025-13-45"', '2025-02-30'])(
    'rejects the impossible date %s instead of rolling it over',
    async (date) => {
      await tmp.write('bad-date.mdx', mdx({ date }))
      const error = await loadError()
      expect(error.message).toContain('bad-date.mdx')
      expect(error.fields).toEqual(['date'])
    },
  )

  it.each([
    ['an unquoted date', '2025-03-07'],
    ['a double-quoted date', '"2025-03-07"'],
    ['a single-quoted date', "'2025-03-07'"],
    ['an unquoted date with a comment', '2025-03-07 # first draft'],
  ])('reads %s as YYYY-MM-DD', async (_label, date) => {
    await tmp.write('dated.mdx', mdx({ date }))
    const [post] = await load()
    expect(post?.date).toBe('2025-03-07')
  })

  it('reads a cover without alt text as an error on cover.alt', async () => {
    await tmp.png('painted/cover.png', 4, 3)
    await tmp.write(
      'painted/index.mdx',
      mdx({
        extra: [
          'cover:',
          '  src: ./cover.png',
          '  credit:',
          '    author: "A. Painter"',
          '    title: "Red Square"',
          '    url: "https://example.org/red-square"',
        ].join('\n'),
      }),
    )
    const error = await loadError()
    expect(error.message).toContain(path.join('painted', 'index.mdx'))
    expect(error.fields).toEqual(['cover.alt'])
  })
})
