import { getDatabase } from '../db'
import { env } from '../env'
import { appLinkCheckContext } from '../links/context'
import { createNotifyHandlers, notifyJobsForNewSubmission } from '../notify/handlers'
import { needsLookJobs } from '../notify/look-jobs'
import { statusChangeJobs } from '../notify/webhook-jobs'
import { registerFollowUp, registerJobHandlers } from '../outbox/registry'
import { linkCheckJob, linkJobHandlers } from './link-jobs'
import { webmentionJobHandlers } from './webmention-jobs'
import {
  appSendContext,
  webmentionJobsForChange,
  webmentionJobsForNew,
  webmentionSendHandlers,
} from './webmention-send-jobs'

/*
 * Handlers open the app's shared database (getDatabase), the same handle the
 * drains after a response, the cron route and the scripts use.
 */
const appDatabase = async () => (await getDatabase()).db

const holder = globalThis as typeof globalThis & { __rgrJobsInstalled?: boolean }

/**
 * Fills the outbox registry with every job this app runs and what follows
 * each event. Called by every entry point before it does any work: the app's
 * edges (prepareServerWork, app/_lib/server-work.ts), the scripts, and the
 * test setup. Calling it again does nothing.
 */
export function installJobs(): void {
  if (holder.__rgrJobsInstalled) return
  holder.__rgrJobsInstalled = true
  registerJobHandlers({
    ...linkJobHandlers(appDatabase, appLinkCheckContext),
    ...webmentionJobHandlers(appDatabase, appLinkCheckContext),
    ...webmentionSendHandlers(appDatabase, appSendContext),
    ...createNotifyHandlers({ database: appDatabase }),
  })
  // A new submission is checked and announced (a trusted one too: the author is still told).
  registerFollowUp('submission.created', (s) => [
    ...(env().LINK_CHECKS ? [linkCheckJob(s.id)] : []),
    ...notifyJobsForNewSubmission(s.id),
    ...webmentionJobsForNew(s),
  ])
  registerFollowUp('submission.changed', statusChangeJobs)
  // A link that became public, or stopped being public: its reader's site is told.
  registerFollowUp('submission.changed', webmentionJobsForChange)
  registerFollowUp('submission.flagged', (f) => needsLookJobs(f.submissionId, f.reason, f.at))
}

/** For tests that install their own probes: the next installJobs() fills the registry again. */
export function forgetInstalledJobs(): void {
  holder.__rgrJobsInstalled = false
}
