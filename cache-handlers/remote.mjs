/**
 * The `remote` cache handler ('use cache: remote') of a self-hosted server.
 * Next imports this file by path, outside the app's bundle, so it holds no
 * logic: it forwards to the handler the server installed at start
 * (lib/cache/install.ts, from instrumentation.ts), which shares tag
 * invalidations between instances through PostgreSQL. Until one is installed
 * (the build, or a PGlite server), Next's own in-memory handler serves.
 * Not used on Vercel, where next.config.mjs keeps the platform's handler.
 */
import defaults from 'next/dist/server/lib/cache-handlers/default.js'

// The same key as REMOTE_CACHE_HANDLER in lib/cache/install.ts.
const KEY = Symbol.for('red-green-repeat.remote-cache-handler')

let fallback
const handler = () =>
  globalThis[KEY] ?? (fallback ??= defaults.createDefaultCacheHandler(50 * 1024 * 1024))

const remoteCacheHandler = {
  get: (cacheKey, softTags) => handler().get(cacheKey, softTags),
  set: (cacheKey, pendingEntry) => handler().set(cacheKey, pendingEntry),
  refreshTags: () => handler().refreshTags(),
  getExpiration: (tags) => handler().getExpiration(tags),
  updateTags: (tags, durations) => handler().updateTags(tags, durations),
}

export default remoteCacheHandler
