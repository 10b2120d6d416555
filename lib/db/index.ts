import { env } from '../env'
import type { DatabaseHandle } from './types'

export type { Database, DatabaseHandle } from './types'

/**
 * The one place that decides which database the app talks to:
 * POSTGRES_URL set means Postgres through @vercel/postgres, otherwise embedded
 * PGlite in PGLITE_DIR. Opened lazily, so `next build` never needs a database.
 */
export async function openDatabase(): Promise<DatabaseHandle> {
  const { POSTGRES_URL, POSTGRES_WS_PROXY, PGLITE_DIR } = env()
  if (POSTGRES_URL) {
    const { openPostgres } = await import('./postgres')
    return openPostgres(POSTGRES_URL, POSTGRES_WS_PROXY)
  }
  const { openPglite } = await import('./pglite')
  return openPglite(PGLITE_DIR)
}

// Kept on globalThis so development reloads reuse the open database (and its lock).
const holder = globalThis as typeof globalThis & { __rgrDatabase?: Promise<DatabaseHandle> }

export function getDatabase(): Promise<DatabaseHandle> {
  holder.__rgrDatabase ??= openDatabase().catch((error: unknown) => {
    holder.__rgrDatabase = undefined
    throw error
  })
  return holder.__rgrDatabase
}

/**
 * Closes the shared database (command-line scripts end with it, so a PGlite
 * folder's lock is released); the next getDatabase() opens it again.
 */
export async function closeDatabase(): Promise<void> {
  const current = holder.__rgrDatabase
  holder.__rgrDatabase = undefined
  if (current) await (await current).close()
}
