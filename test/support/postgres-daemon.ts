/**
 * One PostgreSQL server for a whole `npm test` (scripts/test-all.sh runs this in
 * the background): vitest and Playwright both find it in TEST_POSTGRES_URL and
 * start none of their own. Prints the URL on one line, then keeps the server
 * until SIGTERM or SIGINT, or until its standard input closes (the script that
 * started it has gone), and stops it.
 */
import { providePostgres } from './postgres-server'

const server = await providePostgres()
console.log(server.url)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  await server.stop().catch((error: unknown) => console.error(error))
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
process.stdin.on('end', () => void stop())
process.stdin.on('close', () => void stop())
process.stdin.resume()
