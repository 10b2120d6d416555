import type { Database } from '../db'
import { env } from '../env'
import { appLinkCheckContext } from '../links/context'
import { recheckApprovedLinks } from '../links/recheck'
import { purgeDeletedSubmissions } from '../moderation/purge'
import { purgeUsedOneClickTokens } from '../notify/one-click'
import { getPosts } from '../posts/catalog'
import { runPostMentions } from '../webmention/send/post-mentions'
import { appSendContext } from './webmention-send-jobs'

/** Periodic work, run by the cron route (app/api/cron) and `npm run jobs`. */
export type ScheduledTask = { name: string; run(db: Database, now: Date): Promise<unknown> }

export const scheduledTasks: ScheduledTask[] = [
  // Approved links come round again, oldest check first (lib/links/recheck.ts).
  { name: 'links-recheck', run: (db) => recheckApprovedLinks(db, appLinkCheckContext()) },
  // Deleted submissions can be restored for 30 days; then they and their history go.
  { name: 'purge-deleted-submissions', run: purgeDeletedSubmissions },
  { name: 'purge-used-one-click-tokens', run: (db) => purgeUsedOneClickTokens(db) },
  // The links of the author's own posts: scanned once per content hash (so on the
  // first run after a build that changed a post), a capped number sent per run.
  {
    name: 'webmention-posts',
    run: (db) =>
      runPostMentions(
        db,
        async () => (await getPosts()).filter((p) => !p.draft),
        appSendContext(),
        env().WEBMENTION_POST_SENDS_PER_RUN,
      ),
  },
]
