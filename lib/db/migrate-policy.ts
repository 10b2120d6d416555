import type { Env } from '../env'

export type MigrateDecision = { migrate: boolean; why: string }

/**
 * Whether this build may migrate the database it is configured with. A Vercel
 * preview shares production's database unless the team gave previews their own
 * branch, so by default it must not change the schema: the code that needs a
 * new migration is not released yet, and the release running now must keep
 * working on that database (docs/deploying.md).
 */
export function migrateDecision(
  settings: Pick<Env, 'VERCEL' | 'VERCEL_ENV' | 'MIGRATE_ON_PREVIEW'>,
): MigrateDecision {
  if (!settings.VERCEL) return { migrate: true, why: 'not on Vercel (self-hosted or local)' }
  if (settings.VERCEL_ENV === 'production') return { migrate: true, why: 'a production deployment' }
  if (settings.MIGRATE_ON_PREVIEW) {
    return {
      migrate: true,
      why: 'MIGRATE_ON_PREVIEW=true: this deployment has a database of its own',
    }
  }
  return {
    migrate: false,
    why: `a ${settings.VERCEL_ENV ?? 'non-production'} deployment, whose database may be production's`,
  }
}
