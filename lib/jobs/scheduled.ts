import type { Database } from '../db'
import { purgeUsedOneClickTokens } from '../notify/one-click'

/** Periodic work, run by the cron route (app/api/cron) and `npm run jobs`. */
export type ScheduledTask = { name: string; run(db: Database, now: Date): Promise<unknown> }

export const scheduledTasks: ScheduledTask[] = [
  { name: 'purge-used-one-click-tokens', run: (db) => purgeUsedOneClickTokens(db) },
]
