import { getDatabase } from '../db'
import { env } from '../env'
import { postgresTagStore } from './postgres-tag-store'
import { createSharedTagsHandler, type CacheHandler } from './shared-tags-handler'
import { createTagExpirations, type TagStore } from './tag-expirations'

/**
 * Where cache-handlers/remote.mjs (the file next.config.mjs names as the
 * `remote` cache handler) finds the handler. Next loads that file by path,
 * outside the app's bundle, so it cannot import this TypeScript; the server
 * installs the handler here at start (instrumentation.ts) instead.
 */
export const REMOTE_CACHE_HANDLER = Symbol.for('red-green-repeat.remote-cache-handler')

/** The database is opened on the first read, not at start: a server starts without it. */
const lazyPostgresStore = (): TagStore => {
  const store = async () => postgresTagStore((await getDatabase()).db)
  return {
    readAll: async () => (await store()).readAll(),
    write: async (tags, at) => (await store()).write(tags, at),
  }
}

/**
 * With PostgreSQL, any number of instances may serve the site, so tag
 * invalidations go through the database. PGlite is one process: Next's own
 * memory handler is right there, and nothing is installed.
 */
export function installRemoteCacheHandler(): CacheHandler | undefined {
  if (!env().POSTGRES_URL) return undefined
  const handler = createSharedTagsHandler({ tags: createTagExpirations(lazyPostgresStore()) })
  ;(globalThis as Record<symbol, unknown>)[REMOTE_CACHE_HANDLER] = handler
  return handler
}
