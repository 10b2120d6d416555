import { describe, expect, it } from 'vitest'
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match'
import { MAX_SOURCE_LENGTH, NOT_FOUND_PATH, routeRewrites, routeTable } from '@/lib/posts/routes'

const posts = Array.from({ length: 11 }, (_, i) => ({
  slug: `post-${i}`,
  tags: i % 2 ? ['tdd'] : ['career'],
  readerLinks: i === 4,
}))
const table = routeTable(posts, 10)
const { beforeFiles } = routeRewrites(table)

/** Where Next sends a path through these rewrites, matched as Next matches them. */
function destination(pathname: string, rewrites = beforeFiles): string {
  for (const rewrite of rewrites) {
    const match = getPathMatch(rewrite.source, {
      strict: true,
      removeUnnamedParams: true,
      sensitive: false, // Next's default for rewrites
    })
    if (match(pathname)) return rewrite.destination
  }
  return pathname
}

describe('the route table', () => {
  it('lists every slug, the reader-link posts, the tags and the listing pages', () => {
    expect(table.slugs).toHaveLength(11)
    expect(table.readerLinkSlugs).toEqual(['post-4'])
    expect(table.tags.sort()).toEqual(['career', 'tdd'])
    expect(table.pageCount).toBe(2)
  })

  it('has one listing page when there are no posts', () => {
    expect(routeTable([], 10).pageCount).toBe(1)
  })
})

describe('the rewrites next.config.mjs applies', () => {
  it.each([
    ['/posts/post-3', '/posts/post-3'],
    ['/posts/post-4', '/posts/post-4/discuss'],
    ['/posts/post-99', NOT_FOUND_PATH],
    ['/posts/post-3x', NOT_FOUND_PATH],
    ['/posts/xpost-3', NOT_FOUND_PATH],
    ['/posts/%E0%A4%A', NOT_FOUND_PATH],
    // A known gap: Next matches rewrites case-insensitively (the page renders not-found).
    ['/posts/Post-3', '/posts/Post-3'],
    ['/tags/tdd', '/tags/tdd'],
    ['/tags/nope', NOT_FOUND_PATH],
    ['/page/1', '/page/1'],
    ['/page/2', '/page/2'],
    ['/page/3', NOT_FOUND_PATH],
    ['/page/0', NOT_FOUND_PATH],
    ['/page/01', NOT_FOUND_PATH],
    ['/page/two', NOT_FOUND_PATH],
    ['/posts/post-3/opengraph-image', '/posts/post-3/opengraph-image'],
    ['/posts/post-99/opengraph-image', '/posts/post-99/opengraph-image'],
    ['/about', '/about'],
    ['/tags', '/tags'],
    ['/posts/', '/posts/'],
  ])('%s → %s', (pathname, expected) => {
    expect(destination(pathname)).toBe(expected)
  })
})

describe('the rewrites of a large blog', () => {
  // The build failed at 1,000 posts: one pattern naming them all is over Next's
  // 4,096-character limit. The names are split into patterns that each fit.
  const slugs = [
    ...Array.from({ length: 1_000 }, (_, i) => `generated-post-${String(i + 1).padStart(4, '0')}`),
    ...Array.from({ length: 300 }, (_, i) => `notes-on-${i}-things`),
    'a',
    'ab',
    'z-last',
  ]
  const large = routeRewrites(
    routeTable(
      slugs.map((slug) => ({ slug, tags: [] })),
      10,
    ),
  ).beforeFiles

  it('keeps every pattern within the limit', () => {
    expect(large.length).toBeGreaterThan(3)
    for (const rewrite of large)
      expect(rewrite.source.length).toBeLessThanOrEqual(MAX_SOURCE_LENGTH)
  })

  it('leaves every known post alone', () => {
    const wrong = slugs.filter((slug) => destination(`/posts/${slug}`, large) !== `/posts/${slug}`)
    expect(wrong).toEqual([])
  })

  it.each([
    'generated-post-1001',
    'generated-post-0000',
    'generated-post-099',
    'generated-post-09999',
    'generated-post-',
    'generated',
    'g',
    'notes-on-300-things',
    'notes-on-1-thing',
    'abc',
    'b',
    'z-last-',
    'zz',
  ])('sends the unknown /posts/%s to the not-found page', (slug) => {
    expect(destination(`/posts/${slug}`, large)).toBe(NOT_FOUND_PATH)
  })

  it('has a listing page for every ten posts and no more', () => {
    expect(destination('/page/100', large)).toBe('/page/100')
    expect(destination('/page/131', large)).toBe('/page/131')
    expect(destination('/page/132', large)).toBe(NOT_FOUND_PATH)
  })
})
