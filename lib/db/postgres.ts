import { createClient, createPool } from '@vercel/postgres'
import { drizzle } from 'drizzle-orm/vercel-postgres'
import * as schema from './schema'
import type { DatabaseHandle } from './types'

/**
 * @vercel/postgres bundles its own copy of the Neon driver, so a top-level import
 * of @neondatabase/serverless would configure a different copy. Every client
 * exposes the copy's settings class as `neonConfig`; reach it through one.
 */
function neonSettings(connectionString: string) {
  const probe = createClient({ connectionString })
  return probe.neonConfig.constructor as unknown as {
    wsProxy: string | ((host: string, port: number | string) => string)
    useSecureWebSocket: boolean
    pipelineConnect: string | false
    pipelineTLS: boolean
  }
}

/**
 * POSTGRES_WS_PROXY ("host:port" of scripts/pg-ws-proxy.ts) lets the production
 * driver reach a plain PostgreSQL server, which speaks TCP and not WebSocket.
 */
function routeThroughProxy(connectionString: string, proxy: string): void {
  const settings = neonSettings(connectionString)
  settings.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`
  settings.useSecureWebSocket = false
  settings.pipelineConnect = false
  settings.pipelineTLS = false
}

export function describeUrl(connectionString: string): string {
  const url = new URL(connectionString)
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`
}

type Release = (error?: Error | boolean) => void

/**
 * A checked-out client whose connection drops fails its query (which is what the
 * caller sees) and then emits 'error', which, unheard, is an uncaught exception.
 * And drizzle-orm 0.45 runs BEGIN before the try/finally that releases a pooled
 * client (drizzle-team/drizzle-orm#6241): a connection lost just as a transaction
 * starts would keep its slot for good, and after `max` such blips every query
 * would wait for ever. So a client goes back to the pool (which discards it) as
 * soon as its connection fails, and a later release of the same checkout is a no-op.
 */
function releaseOnConnectionLoss(client: {
  release: Release
  on(event: 'error', listener: (error: Error) => void): unknown
}): void {
  let release: Release | undefined
  Object.defineProperty(client, 'release', {
    configurable: true,
    get: () => release,
    // pg-pool assigns a new release function at every checkout.
    set(next: Release) {
      let done = false
      release = (error) => {
        if (done) return
        done = true
        next(error)
      }
    },
  })
  client.on('error', (error) => release?.(error))
}

export async function openPostgres(
  connectionString: string,
  wsProxy?: string,
  options: { max?: number } = {},
): Promise<DatabaseHandle> {
  if (wsProxy) routeThroughProxy(connectionString, wsProxy)
  // A pool, not the default `sql` export: over `sql` each statement of a
  // transaction may run on a different connection, so it would not be atomic.
  const pool = createPool({
    connectionString,
    max: options.max ?? 10,
    // A database that does not answer fails the request instead of hanging the
    // page. pg counts the wait for a free pooled connection in this too, so it is
    // generous enough for a burst of submissions to queue through 10 connections.
    connectionTimeoutMillis: 20_000,
  })
  // An idle connection that drops must not take the process down with it.
  pool.on('error', (error) => console.error('postgres pool error:', error.message))
  // Nor one that drops while checked out, and its slot must come back to the pool.
  pool.on('connect', releaseOnConnectionLoss)
  return {
    db: drizzle(pool, { schema }),
    kind: 'postgres',
    describe: describeUrl(connectionString),
    close: () => pool.end(),
  }
}
