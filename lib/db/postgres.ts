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

export async function openPostgres(
  connectionString: string,
  wsProxy?: string,
  options: { max?: number } = {},
): Promise<DatabaseHandle> {
  if (wsProxy) routeThroughProxy(connectionString, wsProxy)
  // A pool, not the default `sql` export: over `sql` each statement of a
  // transaction may run on a different connection, so it would not be atomic.
  const pool = createPool({ connectionString, max: options.max ?? 10 })
  // An idle connection that drops must not take the process down with it.
  pool.on('error', (error) => console.error('postgres pool error:', error.message))
  // Nor one that drops while checked out: the client fails its query (which is
  // what the caller sees) and then emits 'error' too, which, unheard, would be an
  // uncaught exception that also leaves the pool unable to end.
  pool.on('connect', (client) => client.on('error', () => undefined))
  return {
    db: drizzle(pool, { schema }),
    kind: 'postgres',
    describe: describeUrl(connectionString),
    close: () => pool.end(),
  }
}
