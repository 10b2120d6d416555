import { env } from '../env'
import type { DatabaseHandle } from './types'

/**
 * The process's one database handle, kept on globalThis: development reloads
 * reuse the open database (and its lock), and proxy.ts, which Next bundles
 * apart from the app but runs in the same process under `next start`, finds
 * the handle the app opened.
 */
const holder = globalThis as typeof globalThis & { __rgrDatabase?: Promise<DatabaseHandle> }

/** The shared handle, opened with `open` if there is none; a failed open is forgotten, so the next call tries again. */
export function sharedDatabase(open: () => Promise<DatabaseHandle>): Promise<DatabaseHandle> {
  holder.__rgrDatabase ??= open().catch((error: unknown) => {
    holder.__rgrDatabase = undefined
    throw error
  })
  return holder.__rgrDatabase
}

/** Forgets the shared handle and hands it over (to be closed). */
export function releaseSharedDatabase(): Promise<DatabaseHandle> | undefined {
  const current = holder.__rgrDatabase
  holder.__rgrDatabase = undefined
  return current
}

/**
 * PostgreSQL when POSTGRES_URL is set (through @vercel/postgres), else
 * undefined: the half of the driver decision that needs no PGlite.
 */
export function openConfiguredPostgres(): Promise<DatabaseHandle> | undefined {
  const { POSTGRES_URL, POSTGRES_WS_PROXY } = env()
  if (!POSTGRES_URL) return undefined
  return import('./postgres').then(({ openPostgres }) =>
    openPostgres(POSTGRES_URL, POSTGRES_WS_PROXY),
  )
}

/**
 * Why this exists: proxy.ts checks the author's session row, and whatever it
 * imports is traced into the deployed `_middleware` function and, through
 * Next's file traces, shipped with it. Importing ./index would ship PGlite
 * (15 MB) there, although a deployment always runs on PostgreSQL. So this
 * module never imports ./index or ./pglite: it returns the process's open
 * handle if there is one, else opens PostgreSQL when it is configured (and
 * shares it, so the app reuses that pool), else, on PGlite not opened yet,
 * undefined: the caller cannot check, and says so. ./index stays the one
 * place that opens PGlite.
 */
export function databaseWithoutPglite(): Promise<DatabaseHandle> | undefined {
  if (holder.__rgrDatabase) return holder.__rgrDatabase
  const postgres = openConfiguredPostgres()
  return postgres && sharedDatabase(() => postgres)
}
