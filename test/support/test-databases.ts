import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type SQL } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite, type PgliteDatabase } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { openPglite } from '@/lib/db/pglite'
import { openPostgres } from '@/lib/db/postgres'
import { migrationsFolder } from '@/lib/db/migrations'
import * as schema from '@/lib/db/schema'
import type { Database, DatabaseHandle } from '@/lib/db'
import {
  createPostgresDatabase,
  pgliteMigrationsKey,
  startWsProxyProcess,
  withClient,
  type PostgresDatabase,
  type WsProxy,
} from './databases'
import { testPostgresUrl } from './postgres-server'

/**
 * The databases every data-layer test runs against: embedded PGlite always, and
 * the real PostgreSQL server through the production driver (@vercel/postgres
 * over the WebSocket proxy): the one the global setup started, or TEST_POSTGRES_URL.
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
  /** After breakConnection(): lets connections in again (PostgreSQL only). */
  restoreConnection?: () => Promise<void>
  /**
   * After breakConnection(): restores the connection and opens a brand-new handle
   * on the same data (PostgreSQL only; an in-memory PGlite loses its data when
   * closed). The caller closes it.
   */
  reopen?: () => Promise<DatabaseHandle>
}

/**
 * Empties every table of the app's schema (drizzle's own bookkeeping lives in
 * another schema) and restarts its sequences, in one round trip. DELETE rather
 * than TRUNCATE: on a real server TRUNCATE costs ~100 ms (new files, fsync) and
 * these tables are tiny. Foreign keys, should any appear, are not checked meanwhile.
 */
const RESET = sql.raw(`do $$
declare r record;
begin
  set local session_replication_role = replica;
  for r in select tablename from pg_tables where schemaname = 'public' loop
    execute format('delete from %I', r.tablename);
  end loop;
  for r in select sequencename from pg_sequences where schemaname = 'public' loop
    execute format('alter sequence %I restart', r.sequencename);
  end loop;
end $$`)

async function resetTables(db: Database): Promise<void> {
  await db.execute(RESET)
}

/** Gives up waiting after `ms`: a pool that cannot end must not hang the suite. */
async function within(ms: number, promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** The rows of a raw query, whichever driver runs it (both return `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** How many rows a table holds; `where` is an optional raw condition. */
export async function countRows(
  db: Database,
  table: 'submissions' | 'rate_limit_hits' | 'sign_in_failures' | 'author_sessions',
  where: SQL = sql`true`,
): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`,
  )
  return Number(row?.n)
}

/*
 * One WebSocket proxy per test process, shared by every PostgreSQL handle: the
 * Neon driver's proxy setting is global to the process, so a proxy per handle
 * would re-route (or cut off) the other handles' connections. It runs in a
 * process of its own, as Neon's proxy does in production, so that relaying every
 * message twice does not eat the test process's CPU (and distort its timings).
 */
let sharedProxy: Promise<WsProxy> | undefined
let proxyUsers = 0

async function acquireProxy(serverUrl: string): Promise<string> {
  proxyUsers++
  sharedProxy ??= startWsProxyProcess({ serverUrl })
  return (await sharedProxy).address
}

async function releaseProxy(): Promise<void> {
  proxyUsers--
  if (proxyUsers > 0 || !sharedProxy) return
  const proxy = sharedProxy
  sharedProxy = undefined
  await (await proxy).close()
}

async function openTestPostgres(serverUrl: string): Promise<TestDatabaseHandle> {
  const proxy = await acquireProxy(serverUrl)

  /** Statements on the server's maintenance database, over a `pg` connection of its own. */
  const asAdmin = (...statements: string[]) =>
    withClient(
      async (client) => {
        for (const statement of statements) await client.query(statement)
      },
      { serverUrl },
    )

  // A database of its own per handle: test files run in parallel.
  let database: PostgresDatabase
  let handle: DatabaseHandle
  try {
    database = await createPostgresDatabase('test', { wsProxy: proxy, serverUrl })
  } catch (error) {
    await releaseProxy()
    throw error
  }
  const { name, url } = database
  try {
    handle = await openPostgres(url, proxy)
  } catch (error) {
    await database.drop().catch(() => undefined)
    await releaseProxy()
    throw error
  }

  let closed = false
  return {
    ...handle,
    reset: () => resetTables(handle.db),
    breakConnection: () =>
      asAdmin(
        `alter database ${name} allow_connections false`,
        // Every backend is signalled in one pass, those waiting on a lock first, so
        // none can finish its transaction once another one's exit frees its lock.
        // Not waiting for them to exit is deliberate: like a real outage, the app may
        // still hand out a pooled connection whose server end is already gone.
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'
         order by (wait_event_type = 'Lock') is true desc`,
      ),
    restoreConnection: () => asAdmin(`alter database ${name} allow_connections true`),
    reopen: async () => {
      await asAdmin(`alter database ${name} allow_connections true`)
      return openPostgres(url, proxy)
    },
    close: async () => {
      if (closed) return
      closed = true
      try {
        await within(
          5_000,
          handle.close().catch(() => undefined),
        )
        await database.drop()
      } finally {
        await releaseProxy()
      }
    },
  }
}

/*
 * Creating a PGlite database (initdb) and migrating it costs seconds; loading a
 * snapshot of one costs a fraction. Without a snapshot, the open goes through the
 * production path (openPglite, which migrates) and saves one in the temp folder,
 * keyed by the PGlite version and the migrations, for later opens to start from.
 * (pglite-lock.test.ts still runs openPglite itself, on a folder.)
 */
function pgliteSnapshotFile(): string {
  return path.join(os.tmpdir(), `rgr-test-pglite-${pgliteMigrationsKey()}.tar.gz`)
}

async function openMemoryPglite(): Promise<DatabaseHandle> {
  const snapshot = pgliteSnapshotFile()
  if (!existsSync(snapshot)) {
    const handle = await openPglite(null)
    const client = (handle.db as unknown as { $client: PGlite }).$client
    const dump = await client.dumpDataDir('gzip')
    const partial = `${snapshot}.${process.pid}`
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, snapshot) // atomic: a parallel reader sees all of it or none
    return handle
  }
  const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]) })
  const db = drizzlePglite(client, { schema }) as unknown as Database
  // A no-op when the snapshot is current; it fails loudly if it is not.
  await migratePglite(db as unknown as PgliteDatabase<typeof schema>, {
    migrationsFolder: migrationsFolder(),
  })
  return { db, kind: 'pglite', describe: 'PGlite in memory', close: () => client.close() }
}

async function openTestPglite(): Promise<TestDatabaseHandle> {
  const handle = await openMemoryPglite()
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await handle.close()
  }
  return {
    ...handle,
    reset: () => resetTables(handle.db),
    breakConnection: close,
    close,
  }
}

/**
 * Both, always: the global setup (test/support/postgres-setup.ts) has started a
 * PostgreSQL server, or TEST_POSTGRES_URL names one.
 */
export const testDatabases: TestDatabase[] = [
  { name: 'pglite', open: openTestPglite },
  { name: 'postgres', open: () => openTestPostgres(testPostgresUrl()) },
]

/**
 * The database of a `describe.each(testDatabases)` block: opened before its
 * first test, emptied before each test (or only once, after the open, with
 * `{ reset: 'once' }`: for rows a file's own beforeAll seeds), closed after its last. Returns the
 * handle at once; its members are read when a test uses them (before the open,
 * reading one throws). Hooks a file adds after this call run after the reset
 * and before the close.
 */
export function useTestDatabase(
  open: TestDatabase['open'],
  options: { reset: 'each' | 'once' } = { reset: 'each' },
): TestDatabaseHandle {
  let current: TestDatabaseHandle | undefined
  beforeAll(async () => {
    current = await open()
    if (options.reset === 'once') await current.reset()
  })
  afterAll(async () => {
    await current?.close()
    current = undefined
  })
  beforeEach(async () => {
    if (options.reset === 'each') await current?.reset()
  })
  return new Proxy({} as TestDatabaseHandle, {
    get(_, key) {
      if (!current) throw new Error(`the test database is not open (reading ${String(key)})`)
      const value: unknown = Reflect.get(current, key)
      return typeof value === 'function' ? value.bind(current) : value
    },
  })
}
