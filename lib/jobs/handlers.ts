import { getDatabase } from '../db'
import { appLinkCheckContext } from '../links/context'
import { createNotifyHandlers } from '../notify/handlers'
import type { JobHandlers } from '../outbox/queue'
import { linkJobHandlers } from './link-jobs'
import { webmentionJobHandlers } from './webmention-jobs'

/*
 * Handlers open the app's shared database (getDatabase), the same handle the
 * drains after a response, the cron route and the scripts use.
 */
const appDatabase = async () => (await getDatabase()).db

/** Every kind of outbox job the app runs, by kind. */
export const jobHandlers: JobHandlers = {
  ...linkJobHandlers(appDatabase, appLinkCheckContext),
  ...webmentionJobHandlers(appDatabase, appLinkCheckContext),
  ...createNotifyHandlers({ database: appDatabase }),
}
