/**
 * What the resilience specs need around the app: `next start` processes they
 * start and stop themselves (on their own PGlite folder or PostgreSQL database),
 * the WebSocket proxy the production driver reaches PostgreSQL through, and
 * direct reads of what the database holds.
 *
 * Every process started here is killed when the worker exits, whatever happens.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { serverEnv } from '../env'
import { startPgWsProxy, type PgWsProxy } from '../../lib/db/pg-ws-proxy'
import type { DatabaseRows } from './pglite-rows'

export type { DatabaseRows } from './pglite-rows'

const run = promisify(execFile)

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The salt the servers here hash client IPs with (tests recompute hashes with it). */
export const IP_SALT = 'resilience-only-salt'

const live = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of live) if (child.pid && child.exitCode === null) child.kill('SIGKILL')
})

export type ServerOptions = {
  port: number
  /** PGlite folder (relative to the repository); ignored when `postgresUrl` is set. */
  pgliteDir?: string
  postgresUrl?: string
  /** host:port of the WebSocket proxy, with `postgresUrl`. */
  wsProxy?: string
  env?: Record<string, string>
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null }

/** One `next start` of the production build (`npm run build` first). */
export class AppServer {
  readonly baseUrl: string
  private child: ChildProcess | undefined
  private exited: Promise<Exit> | undefined
  /** Everything the process printed, for failure messages and log checks. */
  output = ''

  constructor(readonly options: ServerOptions) {
    this.baseUrl = `http://localhost:${options.port}`
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    )
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`server on ${this.options.port} is already running`)
    const { port, pgliteDir, postgresUrl, wsProxy } = this.options
    // Otherwise the readiness poll below could be answered by whatever holds the port.
    if (await portAnswers(port)) {
      throw new Error(`port ${port} is already in use: stop what listens there first`)
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: process.env.LANG ?? 'C.UTF-8',
      ...serverEnv,
      SITE_URL: this.baseUrl,
      IP_HASH_SALT: IP_SALT,
      PGLITE_DIR: pgliteDir ?? '.data/resilience-unused',
      POSTGRES_URL: postgresUrl ?? '',
      POSTGRES_WS_PROXY: wsProxy ?? '',
      ...this.options.env,
    }
    const child = spawn(
      process.execPath,
      ['node_modules/next/dist/bin/next', 'start', '-p', String(port)],
      { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    this.child = child
    live.add(child)
    this.output += `--- next start -p ${port} (pid ${child.pid})\n`
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString()
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child)
        this.output += `--- exited (code ${code}, signal ${signal})\n`
        resolve({ code, signal })
      })
    })
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`next start exited before it was ready:\n${this.output}`)
      try {
        const response = await fetch(`${this.baseUrl}/about`, {
          signal: AbortSignal.timeout(5_000),
        })
        await response.arrayBuffer()
        if (response.status === 200 && this.running) return
      } catch {
        // Not listening yet.
      }
      await sleep(150)
    }
    throw new Error(`next start on ${port} was not ready in ${timeoutMs} ms:\n${this.output}`)
  }

  /** Sends `signal` to the server's own PID and waits for it to exit (SIGKILL after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<Exit | undefined> {
    const child = this.child
    if (!child || !this.exited) return undefined
    if (this.running && child.pid) process.kill(child.pid, signal)
    const timer = setTimeout(() => {
      if (this.running && child.pid) process.kill(child.pid, 'SIGKILL')
    }, timeoutMs)
    try {
      return await this.exited
    } finally {
      clearTimeout(timer)
    }
  }
}

/** Attaches each server's output to a test that did not end as expected. */
export async function attachOutputsOnFailure(
  testInfo: import('@playwright/test').TestInfo,
  servers: (AppServer | undefined)[],
): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return
  for (const server of servers) {
    if (server) {
      await testInfo.attach(`next start -p ${server.options.port}`, {
        body: server.output.slice(-200_000),
        contentType: 'text/plain',
      })
    }
  }
}

/** Whether something accepts TCP connections on localhost:port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.setTimeout(2_000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A fresh PGlite folder under .data/ (gitignored); `removeFolder` deletes it and its lock. */
export function freshPgliteDir(label: string): string {
  return `.data/resilience/${label}-${process.pid}-${randomBytes(3).toString('hex')}`
}

export function removeFolder(dir: string): void {
  rmSync(path.join(ROOT, dir), { recursive: true, force: true })
  rmSync(path.join(ROOT, `${dir}.lock`), { force: true })
}

/** What a PGlite folder holds. The server using it must be stopped first (the folder lock). */
export async function pgliteRows(dir: string): Promise<DatabaseRows> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'e2e/resilience/pglite-rows.ts', dir],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  )
  return JSON.parse(stdout) as DatabaseRows
}

// PostgreSQL: the local server (trust auth), reached directly with psql for checks,
// and by the app only through the production driver and the WebSocket proxy.

const PSQL = ['-h', '127.0.0.1', '-U', 'postgres', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1']

export async function psql(database: string, query: string): Promise<string> {
  const { stdout } = await run('psql', [...PSQL, '-d', database, '-c', query], {
    maxBuffer: 64 * 1024 * 1024,
  })
  return stdout.trim()
}

export type TestDatabase = { name: string; url: string }

/** A new, empty database with the app's migrations applied through the production driver. */
export async function createPostgresDatabase(
  label: string,
  wsProxy: string,
): Promise<TestDatabase> {
  const name = `resil_${label}_${process.pid}_${randomBytes(3).toString('hex')}`
  await psql('postgres', `create database ${name}`)
  const url = `postgres://postgres:postgres@localhost:5432/${name}`
  await run('npm', ['run', '--silent', 'db:migrate'], {
    cwd: ROOT,
    env: { ...process.env, POSTGRES_URL: url, POSTGRES_WS_PROXY: wsProxy },
  })
  return { name, url }
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await psql('postgres', `drop database if exists ${name} with (force)`)
}

/** The same rows pglite-rows.ts reads, straight from PostgreSQL. */
export async function postgresRows(database: string): Promise<DatabaseRows> {
  const json = await psql(
    database,
    `select json_build_object(
       'submissions', coalesce((select json_agg(json_build_object('url', url, 'normalized_url', normalized_url, 'ip_hash', ip_hash) order by id) from submissions), '[]'),
       'rateLimitHits', coalesce((select json_agg(json_build_object('ip_hash', ip_hash) order by id) from rate_limit_hits), '[]'))`,
  )
  return JSON.parse(json) as DatabaseRows
}

export const PROXY_TARGETS = ['127.0.0.1:5432', 'localhost:5432']

/** The WebSocket-to-TCP proxy of lib/db/pg-ws-proxy.ts, in this process. */
export function startProxy(port: number): Promise<PgWsProxy> {
  return startPgWsProxy({ port, host: '127.0.0.1', allowedTargets: PROXY_TARGETS })
}

/** How many stored submissions carry each URL. */
export function rowsPerUrl(rows: DatabaseRows): Map<string, number> {
  const counts = new Map<string, number>()
  for (const row of rows.submissions) counts.set(row.url, (counts.get(row.url) ?? 0) + 1)
  return counts
}

/** normalized_url values stored more than once (the unique index should make this empty). */
export function duplicateNormalizedUrls(rows: DatabaseRows): string[] {
  const seen = new Map<string, number>()
  for (const row of rows.submissions) {
    seen.set(row.normalized_url, (seen.get(row.normalized_url) ?? 0) + 1)
  }
  return [...seen].filter(([, n]) => n > 1).map(([url, n]) => `${url} ×${n}`)
}
