import path from 'node:path'
import { baseEnv } from './env'
import { ROOT, TMP } from './paths'
import { assertPortFree, exited, portFree, runOk, sleep, spawnLogged, stopPid } from './proc'

/** The local PostgreSQL 15 (trust auth); the driver wants a password in the URL, any will do. */
const PSQL = ['-h', '127.0.0.1', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-tAq']

export const postgresUrl = (db: string) => `postgres://postgres:postgres@localhost:5432/${db}`

export async function psql(sql: string, db = 'postgres'): Promise<string> {
  const { stdout } = await runOk('psql', [...PSQL, '-d', db, '-c', sql])
  return stdout.trim()
}

export async function createDatabase(name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`)
  await psql(`drop database if exists ${name}`)
  await psql(`create database ${name}`)
}

export async function dropDatabase(name: string): Promise<void> {
  await psql(`drop database if exists ${name} with (force)`)
}

/** `npm run db:migrate` against the database, through the proxy. */
export async function migrate(db: string, proxy: string): Promise<void> {
  await runOk('npm', ['run', 'db:migrate'], {
    env: baseEnv({ POSTGRES_URL: postgresUrl(db), POSTGRES_WS_PROXY: proxy }),
    log: path.join(TMP, `migrate-${db}.log`),
  })
}

export type Proxy = { address: string; pid: number; stop(): Promise<void> }

/**
 * scripts/pg-ws-proxy.ts (what `npm run pg-ws-proxy` runs), started with node and
 * tsx as a loader so the PID we hold is the proxy's own.
 */
export async function startPgWsProxy(port: number): Promise<Proxy> {
  await assertPortFree(port)
  const child = spawnLogged(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts', 'pg-ws-proxy.ts')],
    path.join(TMP, 'pg-ws-proxy.log'),
    { env: baseEnv({ PG_WS_PROXY_PORT: String(port) }) },
  )
  const pid = child.pid
  if (!pid) throw new Error('could not start pg-ws-proxy')
  const stop = () => stopPid(pid, () => exited(child, 10_000))
  for (let i = 0; i < 150 && (await portFree(port)); i++) {
    if (child.exitCode !== null) throw new Error('pg-ws-proxy exited at start')
    await sleep(100)
  }
  if (await portFree(port)) {
    await stop()
    throw new Error('pg-ws-proxy did not listen')
  }
  return { address: `127.0.0.1:${port}`, pid, stop }
}
