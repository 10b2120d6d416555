import { site } from '../site'
import { getPosts, postDirs, showDrafts } from './catalog'
import { allTags } from './listing'

/**
 * Which blog addresses exist, decided once per build from the validated posts
 * (drafts left out of production): scripts/write-routes.ts writes it to
 * ROUTES_FILE before `next dev` / `next build`, and next.config.mjs turns it
 * into rewrites, so no request reads a post to learn whether it exists.
 */
export type RouteTable = {
  /** Every post's slug. */
  slugs: string[]
  /** Posts with `readerLinks: true`, served by /posts/[slug]/discuss. */
  readerLinkSlugs: string[]
  tags: string[]
  /** Listing pages /page/1 … /page/pageCount. */
  pageCount: number
}

type Listed = { slug: string; tags: string[]; readerLinks?: boolean }

export function routeTable(posts: Listed[], perPage: number): RouteTable {
  return {
    slugs: posts.map((p) => p.slug),
    readerLinkSlugs: posts.filter((p) => p.readerLinks === true).map((p) => p.slug),
    tags: allTags(posts).map((t) => t.tag),
    pageCount: Math.max(1, Math.ceil(posts.length / perPage)),
  }
}

/** A path no route matches: Next answers it with the not-found page and a 404 status. */
export const NOT_FOUND_PATH = '/_missing'

export type Rewrite = { source: string; destination: string }

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** `/section/:param` for one path segment that is none of `known`. */
function unknownSegment(section: string, param: string, known: string[]): Rewrite {
  const names = known.map(escape).join('|')
  return {
    source: `/${section}/:${param}((?!(?:${names})$)[^/]+)`,
    destination: NOT_FOUND_PATH,
  }
}

/**
 * The rewrites that carry the table (Next applies them before any page or
 * prerendered file, and a deployment turns them into routing rules that run no
 * function):
 * - a post with the reader-link form is served from its /discuss route, the only
 *   one that ships the form's JavaScript;
 * - an unknown post, tag or listing page goes to NOT_FOUND_PATH. With Cache
 *   Components a page's static shell starts a 200 response before the page could
 *   call notFound(), so a real 404 status has to be decided before rendering.
 */
export function routeRewrites(table: RouteTable): { beforeFiles: Rewrite[] } {
  const pages = Array.from({ length: table.pageCount }, (_, i) => String(i + 1))
  return {
    beforeFiles: [
      ...table.readerLinkSlugs.map((slug) => ({
        source: `/posts/${slug}`,
        destination: `/posts/${slug}/discuss`,
      })),
      unknownSegment('posts', 'slug', table.slugs),
      unknownSegment('tags', 'tag', table.tags),
      unknownSegment('page', 'page', pages),
    ],
  }
}

/** Where the generated routes live (read by next.config.mjs; gitignored). */
export const ROUTES_FILE = '.generated/routes.json'

export type RoutesFile = {
  /** The posts folder it was made from, resolved: next.config.mjs refuses another. */
  postsDir: string
  drafts: boolean
  table: RouteTable
  rewrites: { beforeFiles: Rewrite[] }
}

/**
 * The routes of the posts getPosts() serves: every post read and validated as
 * the pages read them, drafts only where showDrafts() says so (never in
 * production). The caller sets NODE_ENV to the mode it prepares for.
 */
export async function buildRoutesFile(): Promise<RoutesFile> {
  const table = routeTable(await getPosts(), site.postsPerPage)
  return {
    postsDir: postDirs().postsDir,
    drafts: showDrafts(),
    table,
    rewrites: routeRewrites(table),
  }
}
