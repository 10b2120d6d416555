/**
 * Database lifecycle for tests and benchmarks: PostgreSQL databases on the test
 * server (created, migrated through the production driver, read, dropped) and
 * PGlite folders (created, migrated, read, removed).
 *
 * Checks go through Node drivers only: `pg` for the server's own bookkeeping
 * (create and drop databases, read rows), the app's drizzle handles for the rest.
 * The app reaches PostgreSQL only as in production: @vercel/postgres over the
 * WebSocket proxy of lib/db/pg-ws-proxy.ts.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  mkdirSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import esbuild from 'esbuild'
import { migrate } from 'drizzle-orm/vercel-postgres/migrator'
import type { VercelPgDatabase } from 'drizzle-orm/vercel-postgres'
import pg from 'pg'
import { migrationsFolder } from '../../lib/db/migrations'
import { openPglite } from '../../lib/db/pglite'
import { openPostgres } from '../../lib/db/postgres'
import { startPgWsProxy } from '../../lib/db/pg-ws-proxy'
import { ROOT } from './paths'
import { exited } from './process'
import { testPostgresUrl } from './postgres-server'

/** postgres://… with the host the production driver accepts (localhost) and a password. */
export function driverUrl(serverUrl: string, database?: string): string {
  const url = new URL(serverUrl)
  url.hostname = 'localhost'
  if (!url.username) url.username = 'postgres'
  if (!url.password) url.password = 'postgres'
  if (database !== undefined) url.pathname = `/${database}`
  return url.toString()
}

const serverPort = (serverUrl: string) => Number(new URL(serverUrl).port || 5432)

/** Runs `work` with a `pg` connection to a database of the server (the maintenance one by default). */
export async function withClient<T>(
  work: (client: pg.Client) => Promise<T>,
  options: { serverUrl?: string; database?: string } = {},
): Promise<T> {
  const url = driverUrl(options.serverUrl ?? testPostgresUrl(), options.database)
  const client = new pg.Client({ connectionString: url })
  // A server that goes away mid-check fails the query, not the process.
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export type WsProxy = { address: string; port: number; close(): Promise<void> }

/**
 * lib/db/pg-ws-proxy.ts in this process, allowed to reach the test server only.
 * `port` to reopen it on the address it had (a database coming back).
 */
export async function startWsProxy(
  options: { serverUrl?: string; port?: number } = {},
): Promise<WsProxy> {
  const port = serverPort(options.serverUrl ?? testPostgresUrl())
  const proxy = await startPgWsProxy({
    port: options.port ?? 0,
    host: '127.0.0.1',
    allowedTargets: [`localhost:${port}`, `127.0.0.1:${port}`],
  })
  return { address: `127.0.0.1:${proxy.port}`, port: proxy.port, close: () => proxy.close() }
}

/**
 * The same proxy in a process of its own, as Neon's proxy runs beside the app in
 * production, so that relaying every message twice does not eat the caller's CPU
 * (and distort its timings). It ends with its parent: its stdin closes when the
 * caller goes, however it goes.
 */
export function startWsProxyProcess(options: { serverUrl?: string } = {}): Promise<WsProxy> {
  const port = serverPort(options.serverUrl ?? testPostgresUrl())
  const targets = [`localhost:${port}`, `127.0.0.1:${port}`]
  const child = spawn(process.execPath, [wsProxyScript(), JSON.stringify(targets)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', () => reject(new Error('the pg-ws-proxy process exited before listening')))
    child.stdout.once('data', (chunk: Buffer) => {
      const listening = Number(String(chunk).trim())
      resolve({
        address: `127.0.0.1:${listening}`,
        port: listening,
        close: async () => {
          child.stdin.end()
          if (!(await exited(child, 5_000)) && child.pid) process.kill(child.pid, 'SIGKILL')
        },
      })
    })
  })
}

let proxyScript: string | undefined

/**
 * lib/db/pg-ws-proxy.ts and a few lines to run it, compiled once per process to
 * plain JavaScript that `node` starts directly: a `tsx` start costs about a
 * second of CPU, and the suites start a proxy per test process and per server
 * (measured: 24 of them, 21 s of CPU, in one vitest run). The file sits under
 * .data/ so that `ws` resolves from the project's node_modules.
 */
function wsProxyScript(): string {
  if (proxyScript) return proxyScript
  const { text: code } = esbuild.buildSync({
    stdin: {
      contents: `
        import { startPgWsProxy } from './lib/db/pg-ws-proxy'
        const proxy = await startPgWsProxy({ allowedTargets: JSON.parse(process.argv[2]) })
        console.log(proxy.port)
        process.stdin.resume()
        process.stdin.on('end', () => proxy.close().then(() => process.exit(0)))
      `,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
  }).outputFiles[0]!
  const dir = path.join(ROOT, '.data')
  mkdirSync(dir, { recursive: true })
  // A name per process, renamed into place: processes starting at once never
  // read a half-written file.
  const file = path.join(
    dir,
    `pg-ws-proxy-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`,
  )
  const partial = `${file}.${process.pid}`
  writeFileSync(partial, code)
  renameSync(partial, file)
  proxyScript = file
  return file
}

export type DatabaseRows = {
  submissions: { url: string; normalized_url: string; ip_hash: string }[]
  rateLimitHits: { ip_hash: string }[]
}

const ROWS = {
  submissions: 'select url, normalized_url, ip_hash from submissions order by id',
  rateLimitHits: 'select ip_hash from rate_limit_hits order by id',
}

export type PostgresDatabase = {
  name: string
  /** The URL the app is given (POSTGRES_URL). */
  url: string
  /** Rows of a query, over a `pg` connection of its own. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<T[]>
  /** The first column of the first row, as text (null as ''): counts, ids. */
  scalar(text: string, params?: unknown[]): Promise<string>
  /** Every submission's url, normalized_url and ip_hash, and every rate-limit hit. */
  rows(): Promise<DatabaseRows>
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>
}

/**
 * A new database on the test server, with the app's migrations applied through
 * the production driver over `wsProxy` (startWsProxy). Names are unique per call.
 */
export async function createPostgresDatabase(
  label: string,
  options: { wsProxy: string; serverUrl?: string },
): Promise<PostgresDatabase> {
  const serverUrl = options.serverUrl ?? testPostgresUrl()
  const name = `rgr_${label.replace(/\W+/g, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`
  await withClient((client) => client.query(`create database ${name}`), { serverUrl })
  const url = driverUrl(serverUrl, name)
  const drop = () =>
    withClient((client) => client.query(`drop database if exists ${name} with (force)`), {
      serverUrl,
    }).then(() => undefined)
  try {
    const handle = await openPostgres(url, options.wsProxy, { max: 1 })
    try {
      await migrate(handle.db as unknown as VercelPgDatabase, {
        migrationsFolder: migrationsFolder(),
      })
    } finally {
      await handle.close()
    }
  } catch (error) {
    await drop().catch(() => undefined)
    throw error
  }
  const query = async <T extends Record<string, unknown>>(text: string, params?: unknown[]) =>
    withClient(async (client) => (await client.query<T>(text, params)).rows, {
      serverUrl,
      database: name,
    })
  return {
    name,
    url,
    query,
    scalar: async (text, params) => {
      const [row] = await query(text, params)
      const value = row ? Object.values(row)[0] : undefined
      return value === null || value === undefined ? '' : String(value)
    },
    rows: async () => ({
      submissions: (await query(ROWS.submissions)) as DatabaseRows['submissions'],
      rateLimitHits: (await query(ROWS.rateLimitHits)) as DatabaseRows['rateLimitHits'],
    }),
    drop,
  }
}

/** A new PGlite folder path under .data/test/ (gitignored), absolute; nothing is created yet. */
export function freshPgliteDir(label: string): string {
  return path.join(
    ROOT,
    '.data',
    'test',
    `${label}-${process.pid}-${randomBytes(3).toString('hex')}`,
  )
}

/**
 * Creates and migrates the folder before any server opens it, as a deployed
 * site's database already exists (the first request would otherwise pay for
 * creating it). Takes and releases the folder lock.
 */
export async function migratePgliteDir(dir: string): Promise<void> {
  const handle = await openPglite(dir)
  await handle.close()
}

/**
 * A key for "a database of this PGlite with these migrations": a snapshot or a
 * template made under this key is current (the PGlite package and every
 * migration file are hashed).
 */
export function pgliteMigrationsKey(): string {
  const hash = createHash('sha256')
  hash.update(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json')))
  const folder = migrationsFolder()
  for (const file of readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(folder, file)
    if (statSync(full).isFile()) hash.update(file).update(readFileSync(full))
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * Fills `dir` (which must not exist) with a copy of a migrated PGlite folder:
 * creating and migrating one costs seconds, copying one a fraction. The template
 * is made once per machine and key, in the temp folder, by whichever process
 * needs it first (a rename publishes it whole).
 */
export async function copyMigratedPglite(dir: string): Promise<void> {
  const template = path.join(os.tmpdir(), `rgr-pglite-template-${pgliteMigrationsKey()}`)
  if (!existsSync(template)) {
    const partial = `${template}.${process.pid}-${randomBytes(3).toString('hex')}`
    await migratePgliteDir(partial)
    try {
      renameSync(partial, template)
    } catch {
      removePgliteDir(partial) // another process published it first
    }
  }
  cpSync(template, path.resolve(ROOT, dir), { recursive: true, errorOnExist: true, force: false })
}

/** `dir` emptied (folder and lock) and migrated afresh; returns it. */
export async function freshMigratedPglite(dir: string): Promise<string> {
  removePgliteDir(dir)
  await migratePgliteDir(dir)
  return dir
}

/** What a PGlite folder holds. The server using it must be stopped first (the folder lock). */
export async function pgliteRows(dir: string): Promise<DatabaseRows> {
  const handle = await openPglite(dir)
  try {
    const rows = async <T>(text: string) =>
      ((await handle.db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows
    return {
      submissions: await rows(ROWS.submissions),
      rateLimitHits: await rows(ROWS.rateLimitHits),
    }
  } finally {
    await handle.close()
  }
}

/** How many submissions a PGlite folder holds (the server using it stopped). */
export async function pgliteCount(dir: string, table = 'submissions'): Promise<number> {
  const handle = await openPglite(dir)
  try {
    const result = await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`))
    return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n)
  } finally {
    await handle.close()
  }
}

/** Deletes a PGlite folder and its lock file. */
export function removePgliteDir(dir: string): void {
  rmSync(path.resolve(ROOT, dir), { recursive: true, force: true })
  rmSync(`${path.resolve(ROOT, dir)}.lock`, { force: true })
}
