/**
 * npm run links:check — re-checks a batch of approved links (oldest check
 * first) and runs any queued link checks, as the cron route does on Vercel.
 * It opens the configured database (POSTGRES_URL, or the PGlite folder, which
 * must not be in use). A running server's cached lists catch up when they
 * next expire or are invalidated; on Vercel the cron route invalidates them.
 */
import './load-env'
import { closeDatabase, getDatabase } from '../lib/db'
import { LINK_CHECK_JOB } from '../lib/jobs/link-jobs'
import { installJobs } from '../lib/jobs/install'
import { appLinkCheckContext } from '../lib/links/context'
import { recheckApprovedLinks } from '../lib/links/recheck'
import { drainOutbox } from '../lib/outbox/queue'
import { registeredJobHandlers } from '../lib/outbox/registry'

installJobs()

const { db } = await getDatabase()
try {
  const rechecked = await recheckApprovedLinks(db, appLinkCheckContext())
  const queued = await drainOutbox(
    db,
    { [LINK_CHECK_JOB]: registeredJobHandlers()[LINK_CHECK_JOB]! },
    { limit: 100, budgetMs: 50_000 },
  )
  console.log(JSON.stringify({ rechecked, queued }, null, 2))
} finally {
  await closeDatabase()
}
