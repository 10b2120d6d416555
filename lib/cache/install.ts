import type { DatabaseHandle } from '../db'
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

/**
 * Its own small pool, opened on the first read (a server starts without its
 * database), through the production driver directly: this runs from
 * instrumentation.ts, and importing lib/db's chooser there would pull PGlite
 * into every deployed function's files.
 */
const lazyPostgresStore = (url: string, wsProxy: string | undefined): TagStore => {
  let handle: Promise<DatabaseHandle> | undefined
  const store = async () => {
    handle ??= import('../db/postgres').then(({ openPostgres }) =>
      openPostgres(url, wsProxy, { max: 2 }),
    )
    return postgresTagStore((await handle).db)
  }
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
  const { POSTGRES_URL, POSTGRES_WS_PROXY } = env()
  if (!POSTGRES_URL) return undefined
  const handler = createSharedTagsHandler({
    tags: createTagExpirations(lazyPostgresStore(POSTGRES_URL, POSTGRES_WS_PROXY)),
  })
  ;(globalThis as Record<symbol, unknown>)[REMOTE_CACHE_HANDLER] = handler
  return handler
}
