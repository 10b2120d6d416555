import { installJobs } from '@/lib/jobs/install'
import { installPublicListInvalidation, installPublicListReader } from './public-list-invalidation'

/**
 * Fills the outbox registry (the jobs and the follow-ups of each event) and
 * installs the cache invalidation that automatic signals use, and the cached
 * public list that Webmention send jobs read. Called
 * explicitly, first thing, by every edge that changes submissions or runs
 * jobs: the author actions (authorAction), the reader form, one-click links,
 * the Webmention endpoint, the drain after a response and the cron route.
 * Idempotent. Not in instrumentation.ts: whatever that file reaches ships in
 * every deployed function (the database drivers among it), and the edges that
 * call this already carry them.
 */
export function prepareServerWork(): void {
  installJobs()
  installPublicListInvalidation()
  installPublicListReader()
}
