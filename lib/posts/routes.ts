import { NOT_FOUND_PATH } from '../http/not-found'
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

export { NOT_FOUND_PATH }

export type Rewrite = { source: string; destination: string }

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const escapeInClass = (char: string) => char.replace(/[\]\\^-]/g, '\\$&')

/**
 * Next refuses a rewrite whose source compiles to more than 4,096 characters
 * (measured: the build fails at 1,000 posts with one pattern naming them all).
 * This leaves room for what path-to-regexp adds around the pattern.
 */
export const MAX_SOURCE_LENGTH = 2_000

function commonPrefix(names: string[]): string {
  let shared = names[0] ?? ''
  for (const name of names) while (!name.startsWith(shared)) shared = shared.slice(0, -1)
  return shared
}

/**
 * Rewrites to NOT_FOUND_PATH for every `/section/<segment>` whose segment is none
 * of `known`. One pattern when it fits; otherwise the names are split by their
 * next character after a shared prefix, recursively, into patterns that each
 * fit and that together match exactly the unknown segments.
 */
function unknownSegment(section: string, param: string, known: string[]): Rewrite[] {
  const rule = (pattern: string): Rewrite => ({
    source: `/${section}/:${param}(${pattern})`,
    destination: NOT_FOUND_PATH,
  })
  const build = (prefix: string, names: string[]): Rewrite[] => {
    const exact = names.includes(prefix)
    const rests = names.filter((n) => n !== prefix).map((n) => escape(n.slice(prefix.length)))
    const tail = prefix === '' ? '[^/]+' : '[^/]*'
    const single =
      rests.length === 0
        ? rule(exact ? `${escape(prefix)}[^/]+` : `${escape(prefix)}${tail}`)
        : rule(`${escape(prefix)}(?!(?:${rests.join('|')})${exact ? '?' : ''}$)${tail}`)
    if (single.source.length <= MAX_SOURCE_LENGTH) return [single]

    // All names go on past the prefix the same way: whatever leaves that shared
    // part is unknown, and the split starts where the names differ.
    const shared = commonPrefix(names)
    if (shared.length > prefix.length) {
      const head = prefix === '' ? '' : escape(prefix)
      return [
        rule(`${head}(?!${escape(shared.slice(prefix.length))})${tail}`),
        ...build(shared, names),
      ]
    }

    const byNext = new Map<string, string[]>()
    for (const name of names) {
      if (name === prefix) continue
      const next = name.charAt(prefix.length)
      byNext.set(next, [...(byNext.get(next) ?? []), name])
    }
    const chars = [...byNext.keys()].map(escapeInClass).join('')
    return [
      // The prefix alone, when it is not a name itself.
      ...(exact || prefix === '' ? [] : [rule(escape(prefix))]),
      // The prefix followed by a character no name continues with.
      rule(`${escape(prefix)}(?![${chars}])[^/]+`),
      ...[...byNext].flatMap(([next, group]) => build(prefix + next, group)),
    ]
  }
  return build('', known)
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
      ...unknownSegment('posts', 'slug', table.slugs),
      ...unknownSegment('tags', 'tag', table.tags),
      ...unknownSegment('page', 'page', pages),
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
