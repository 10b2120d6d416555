/**
 * Lets the production driver (@vercel/postgres, which speaks WebSocket) reach a
 * plain PostgreSQL server. Run it beside the app and set
 * POSTGRES_WS_PROXY=127.0.0.1:<port>.
 *   PG_WS_PROXY_PORT   port to listen on (default 5488)
 *   PG_WS_PROXY_TARGETS comma-separated host:port list it may reach (default 127.0.0.1:5432,localhost:5432)
 */
import { startPgWsProxy } from '../lib/db/pg-ws-proxy'

const port = Number(process.env.PG_WS_PROXY_PORT ?? 5488)
const allowedTargets = (process.env.PG_WS_PROXY_TARGETS ?? '127.0.0.1:5432,localhost:5432')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean)

const proxy = await startPgWsProxy({ port, allowedTargets })
console.log(
  `pg-ws-proxy listening on 127.0.0.1:${proxy.port}, forwarding to ${allowedTargets.join(', ')}`,
)
const stop = () => void proxy.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
