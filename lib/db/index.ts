import { env } from '../env'
import { openConfiguredPostgres, releaseSharedDatabase, sharedDatabase } from './shared-handle'
import type { DatabaseHandle } from './types'

export type { Database, DatabaseHandle } from './types'

/**
 * The one place that decides which database the app talks to:
 * POSTGRES_URL set means Postgres through @vercel/postgres, otherwise embedded
 * PGlite in PGLITE_DIR. Opened lazily, so `next build` never needs a database.
 * (proxy.ts reaches the same handle through ./shared-handle, which never opens PGlite.)
 */
export async function openDatabase(): Promise<DatabaseHandle> {
  const postgres = openConfiguredPostgres()
  if (postgres) return postgres
  const { openPglite } = await import('./pglite')
  return openPglite(env().PGLITE_DIR)
}

export function getDatabase(): Promise<DatabaseHandle> {
  return sharedDatabase(openDatabase)
}

/**
 * Closes the shared database (command-line scripts end with it, so a PGlite
 * folder's lock is released); the next getDatabase() opens it again.
 */
export async function closeDatabase(): Promise<void> {
  const current = releaseSharedDatabase()
  if (current) await (await current).close()
}
