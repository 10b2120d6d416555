import { randomBytes } from 'node:crypto'
import { sql, type SQL } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/vercel-postgres/migrator'
import type { VercelPgDatabase } from 'drizzle-orm/vercel-postgres'
import { openPglite } from '@/lib/db/pglite'
import { openPostgres } from '@/lib/db/postgres'
import { startPgWsProxy, type PgWsProxy } from '@/lib/db/pg-ws-proxy'
import { migrationsFolder } from '@/lib/db/migrations'
import type { Database, DatabaseHandle } from '@/lib/db'

/**
 * The databases every data-layer test runs against: embedded PGlite always, and
 * the real PostgreSQL server through the production driver (@vercel/postgres
 * over the WebSocket proxy) when TEST_POSTGRES_URL is set.
 */
export type TestDatabase = {
  name: 'pglite' | 'postgres'
  open(): Promise<TestDatabaseHandle>
}

export type TestDatabaseHandle = DatabaseHandle & {
  /** Empties every table, so each test starts clean. */
  reset(): Promise<void>
  /**
   * Simulates an outage: PGlite is closed; on PostgreSQL every connection to
   * this test's database is terminated by the server and new ones are refused.
   */
  breakConnection(): Promise<void>
  /**
   * After breakConnection(): a brand-new handle on the same data (PostgreSQL
   * only; an in-memory PGlite loses its data when closed). The caller closes it.
   */
  reopen?: () => Promise<DatabaseHandle>
}

const TABLES = sql`submissions, rate_limit_hits`

/** The rows of a raw query, whichever driver runs it (both return `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** How many rows a table holds; `where` is an optional raw condition. */
export async function countRows(
  db: Database,
  table: 'submissions' | 'rate_limit_hits',
  where: SQL = sql`true`,
): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`,
  )
  return Number(row?.n)
}

/** postgres://user:pass@host:port/db with the database name swapped. */
function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/*
 * One WebSocket proxy per test process, shared by every PostgreSQL handle. The
 * Neon driver's proxy setting is global to the process, so a proxy per handle
 * would re-route (or cut off) the other handles' connections.
 */
let sharedProxy: Promise<PgWsProxy> | undefined
let proxyUsers = 0

async function acquireProxy(target: string): Promise<string> {
  proxyUsers++
  sharedProxy ??= startPgWsProxy({ allowedTargets: [target] })
  return `127.0.0.1:${(await sharedProxy).port}`
}

async function releaseProxy(): Promise<void> {
  proxyUsers--
  if (proxyUsers > 0 || !sharedProxy) return
  const proxy = sharedProxy
  sharedProxy = undefined
  await (await proxy).close()
}

async function openTestPostgres(baseUrl: string): Promise<TestDatabaseHandle> {
  const base = new URL(baseUrl)
  // The Neon driver's pool only accepts pooled hosts or "localhost", and wants a password.
  base.hostname = 'localhost'
  if (!base.password) base.password = 'postgres'
  if (!base.username) base.username = 'postgres'
  const proxy = await acquireProxy(`localhost:${base.port || 5432}`)

  /** Runs statements on the server's maintenance database, over a connection of its own. */
  const asAdmin = async (...statements: string[]) => {
    const admin = await openPostgres(base.toString(), proxy, { max: 1 })
    try {
      for (const statement of statements) await admin.db.execute(sql.raw(statement))
    } finally {
      await admin.close()
    }
  }

  // A database of its own per handle: test files run in parallel.
  const name = `rgr_test_${randomBytes(6).toString('hex')}`
  const url = withDatabase(base.toString(), name)
  let handle: DatabaseHandle
  try {
    await asAdmin(`create database ${name}`)
    handle = await openPostgres(url, proxy)
    await migrate(handle.db as unknown as VercelPgDatabase, { migrationsFolder: migrationsFolder() })
  } catch (error) {
    await asAdmin(`drop database if exists ${name} with (force)`).catch(() => undefined)
    await releaseProxy()
    throw error
  }

  let closed = false
  return {
    ...handle,
    reset: async () => {
      await handle.db.execute(sql`truncate ${TABLES} restart identity`)
    },
    breakConnection: () =>
      asAdmin(
        `alter database ${name} allow_connections false`,
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`,
      ),
    reopen: async () => {
      await asAdmin(`alter database ${name} allow_connections true`)
      return openPostgres(url, proxy)
    },
    close: async () => {
      if (closed) return
      closed = true
      try {
        await handle.close().catch(() => undefined)
        await asAdmin(`drop database if exists ${name} with (force)`)
      } finally {
        await releaseProxy()
      }
    },
  }
}

async function openTestPglite(): Promise<TestDatabaseHandle> {
  const handle = await openPglite(null)
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await handle.close()
  }
  return {
    ...handle,
    reset: async () => {
      await handle.db.execute(sql`truncate ${TABLES} restart identity`)
    },
    breakConnection: close,
    close,
  }
}

export const testDatabases: TestDatabase[] = [
  { name: 'pglite', open: openTestPglite },
  ...(process.env.TEST_POSTGRES_URL
    ? [
        {
          name: 'postgres' as const,
          open: () => openTestPostgres(process.env.TEST_POSTGRES_URL as string),
        },
      ]
    : []),
]
