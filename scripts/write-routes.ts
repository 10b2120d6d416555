/**
 * Runs before dev and build (`npm run predev` / `prebuild`): reads and validates
 * every post through lib/posts and writes the routes that follow from them
 * (which posts, tags and listing pages exist; which posts take reader links) to
 * .generated/routes.json, where next.config.mjs reads them.
 *   tsx scripts/write-routes.ts production|development
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

const mode = process.argv[2]
if (mode !== 'production' && mode !== 'development') {
  throw new Error('usage: write-routes.ts production|development')
}
// Drafts are routes in development only: decide as the server of that mode will.
Object.assign(process.env, { NODE_ENV: mode })
const { buildRoutesFile, ROUTES_FILE } = await import('../lib/posts/routes')

const routes = await buildRoutesFile()
await mkdir(path.dirname(path.resolve(ROUTES_FILE)), { recursive: true })
await writeFile(path.resolve(ROUTES_FILE), `${JSON.stringify(routes, null, 2)}\n`)
const { slugs, readerLinkSlugs, tags, pageCount } = routes.table
console.log(
  `routes (${mode}): ${slugs.length} posts (${readerLinkSlugs.length} with reader links), ${tags.length} tags, ${pageCount} listing page(s) → ${ROUTES_FILE}`,
)
