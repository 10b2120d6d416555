/**
 * Applies drizzle/ to the configured database: POSTGRES_URL in production (the
 * deploy build runs this first), or the PGlite folder when it is unset.
 */
import './load-env'
import { migrate } from 'drizzle-orm/vercel-postgres/migrator'
import type { VercelPgDatabase } from 'drizzle-orm/vercel-postgres'
import { env } from '../lib/env'
import { migrationsFolder } from '../lib/db/migrations'

const { POSTGRES_URL, POSTGRES_WS_PROXY, PGLITE_DIR } = env()
if (POSTGRES_URL) {
  const { openPostgres } = await import('../lib/db/postgres')
  const handle = await openPostgres(POSTGRES_URL, POSTGRES_WS_PROXY, { max: 1 })
  await migrate(handle.db as unknown as VercelPgDatabase, { migrationsFolder: migrationsFolder() })
  console.log(`migrations applied to ${handle.describe}`)
  await handle.close()
} else {
  // Opening PGlite migrates it, and takes the folder lock so a running app is not corrupted.
  const { openPglite } = await import('../lib/db/pglite')
  const handle = await openPglite(PGLITE_DIR)
  console.log(`migrations applied to ${handle.describe}`)
  await handle.close()
}
