import { describe, expect, it } from 'vitest'
import { allTags, neighbours, paginate, postsWithTag } from '@/lib/posts/listing'

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('paginate', () => {
  it('splits 11 items at 10 a page into 2 pages', () => {
    const items = range(11)
    expect(paginate(items, 1, 10)).toEqual({ items: range(10), page: 1, totalPages: 2 })
    expect(paginate(items, 2, 10)).toEqual({ items: [11], page: 2, totalPages: 2 })
  })

  it('gives exactly 1 page for 10 items at 10 a page', () => {
    expect(paginate(range(10), 1, 10)?.totalPages).toBe(1)
    expect(paginate(range(10), 2, 10)).toBeUndefined()
  })

  it('gives one empty page for an empty list', () => {
    expect(paginate([], 1, 10)).toEqual({ items: [], page: 1, totalPages: 1 })
    expect(paginate([], 2, 10)).toBeUndefined()
  })

  it.each([0, -1, 3, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'returns undefined for page %d of 2',
    (page) => {
      expect(paginate(range(11), page, 10)).toBeUndefined()
    },
  )

  it('does not change the input', () => {
    const items = range(11)
    paginate(items, 2, 10)
    expect(items).toEqual(range(11))
  })
})

const post = (slug: string, ...tags: string[]) => ({ slug, tags })

const posts = [
  post('newest', 'tdd', 'specs'),
  post('second', 'testing'),
  post('third', 'tdd', 'testing'),
  post('oldest', 'tdd', 'writing'),
]

describe('allTags', () => {
  it('counts each tag and orders by count, then by name', () => {
    expect(allTags(posts)).toEqual([
      { tag: 'tdd', count: 3 },
      { tag: 'testing', count: 2 },
      { tag: 'specs', count: 1 },
      { tag: 'writing', count: 1 },
    ])
  })

  it('is empty for no posts', () => {
    expect(allTags([])).toEqual([])
  })
})

describe('postsWithTag', () => {
  it('keeps the posts with the tag, in their order', () => {
    expect(postsWithTag(posts, 'tdd').map((p) => p.slug)).toEqual(['newest', 'third', 'oldest'])
  })

  it('matches the whole tag only', () => {
    expect(postsWithTag(posts, 'test')).toEqual([])
    expect(postsWithTag(posts, 'TDD')).toEqual([])
  })
})

describe('neighbours', () => {
  it('gives the newer and older post around a middle post', () => {
    const { newer, older } = neighbours(posts, 'second')
    expect(newer?.slug).toBe('newest')
    expect(older?.slug).toBe('third')
  })

  it('has no newer post for the newest', () => {
    const result = neighbours(posts, 'newest')
    expect(result.newer).toBeUndefined()
    expect(result.older?.slug).toBe('second')
  })

  it('has no older post for the oldest', () => {
    const result = neighbours(posts, 'oldest')
    expect(result.newer?.slug).toBe('third')
    expect(result.older).toBeUndefined()
  })

  it('has neither for a single post', () => {
    expect(neighbours([post('only')], 'only')).toEqual({ newer: undefined, older: undefined })
  })

  it('is empty for an unknown slug', () => {
    expect(neighbours(posts, 'missing')).toEqual({})
  })
})
