/**
 * Applies drizzle/ to the configured database: POSTGRES_URL in production (the
 * deploy build runs this first), or the PGlite folder when it is unset.
 *
 * A Vercel build that is not production migrates only when MIGRATE_ON_PREVIEW=true
 * says its database is its own (lib/db/migrate-policy.ts). Otherwise it changes
 * nothing, and fails when the database lacks a migration this build needs.
 * A Vercel production build applies only migrations that are locked.
 */
import './load-env'
import { migrate } from 'drizzle-orm/vercel-postgres/migrator'
import type { VercelPgDatabase } from 'drizzle-orm/vercel-postgres'
import { env } from '../lib/env'
import { migrationsFolder } from '../lib/db/migrations'
import { pendingMigrations } from '../lib/db/migration-journal'
import { migrateDecision } from '../lib/db/migrate-policy'
import { checkLock } from './db-check/lock'

/**
 * Production applies only locked migrations (drizzle/migrations.lock.json), so
 * every migration a production database has applied is one that db:check keeps
 * from changing. Locking is the release step: npm run db:lock, committed.
 */
function refuseUnlockedMigrations(): void {
  const { problems, unlocked } = checkLock(process.cwd())
  const reasons = [
    ...problems.map((p) => `${p.file}: ${p.rule}: ${p.message}`),
    ...unlocked.map(
      (name) => `drizzle/${name} is not locked: run npm run db:lock and commit the lock`,
    ),
  ]
  if (reasons.length === 0) return
  console.error(
    `db:migrate: a production deployment applies only locked migrations (docs/deploying.md):\n  ${reasons.join('\n  ')}`,
  )
  process.exit(1)
}

const settings = env()
const { POSTGRES_URL, POSTGRES_WS_PROXY, PGLITE_DIR } = settings
if (settings.VERCEL_ENV === 'production') refuseUnlockedMigrations()
if (POSTGRES_URL) {
  const { openPostgres } = await import('../lib/db/postgres')
  const handle = await openPostgres(POSTGRES_URL, POSTGRES_WS_PROXY, { max: 1 })
  try {
    const decision = migrateDecision(settings)
    if (decision.migrate) {
      await migrate(handle.db as unknown as VercelPgDatabase, {
        migrationsFolder: migrationsFolder(),
      })
      console.log(`migrations applied to ${handle.describe} (${decision.why})`)
    } else {
      const pending = await pendingMigrations(handle.db, migrationsFolder())
      if (pending.length > 0) {
        const names = pending.map((entry) => `${entry.tag}.sql`).join(', ')
        const noun = pending.length === 1 ? 'migration' : 'migrations'
        console.error(
          `db:migrate: not migrating ${handle.describe}: ${decision.why}.\n` +
            `this preview needs ${noun} ${names}; give previews their own database branch ` +
            `(MIGRATE_ON_PREVIEW=true) or release the migration first (docs/deploying.md).`,
        )
        process.exitCode = 1
      } else {
        console.log(
          `not migrating ${handle.describe} (${decision.why}); it already has every migration this build needs`,
        )
      }
    }
  } finally {
    await handle.close()
  }
} else {
  // A PGlite folder belongs to this deployment alone, so it is always migrated.
  // Opening PGlite migrates it, and takes the folder lock so a running app is not corrupted.
  const { openPglite } = await import('../lib/db/pglite')
  const handle = await openPglite(PGLITE_DIR)
  console.log(`migrations applied to ${handle.describe}`)
  await handle.close()
}
