import type { Database } from '../db'
import { appLinkCheckContext } from '../links/context'
import { recheckApprovedLinks } from '../links/recheck'
import { purgeDeletedSubmissions } from '../moderation/purge'
import { purgeUsedOneClickTokens } from '../notify/one-click'

/** Periodic work, run by the cron route (app/api/cron) and `npm run jobs`. */
export type ScheduledTask = { name: string; run(db: Database, now: Date): Promise<unknown> }

export const scheduledTasks: ScheduledTask[] = [
  // Approved links come round again, oldest check first (lib/links/recheck.ts).
  { name: 'links-recheck', run: (db) => recheckApprovedLinks(db, appLinkCheckContext()) },
  // Deleted submissions can be restored for 30 days; then they and their history go.
  { name: 'purge-deleted-submissions', run: purgeDeletedSubmissions },
  { name: 'purge-used-one-click-tokens', run: (db) => purgeUsedOneClickTokens(db) },
]
