import { describe, expect, it } from 'vitest'
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match'
import { NOT_FOUND_PATH, routeRewrites, routeTable } from '@/lib/posts/routes'

const posts = Array.from({ length: 11 }, (_, i) => ({
  slug: `post-${i}`,
  tags: i % 2 ? ['tdd'] : ['career'],
  readerLinks: i === 4,
}))
const table = routeTable(posts, 10)
const { beforeFiles } = routeRewrites(table)

/** Where Next sends a path through these rewrites, matched as Next matches them. */
function destination(pathname: string): string {
  for (const rewrite of beforeFiles) {
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
