/**
 * Global setup of vitest and Playwright (and what bench/run.ts calls): a
 * PostgreSQL server for the whole run, before any test process starts, so they
 * all inherit TEST_POSTGRES_URL. The returned function stops it (when it was
 * started here) after the last test.
 */
import { providePostgres } from './postgres-server'

export default async function setup(): Promise<() => Promise<void>> {
  const started = Date.now()
  const server = await providePostgres()
  if (server.embedded) {
    const port = new URL(server.url).port
    console.log(`embedded PostgreSQL on 127.0.0.1:${port} (${Date.now() - started} ms)`)
  }
  return () => server.stop()
}
