/**
 * npm run webmentions:send — one run of what the cron does for Webmentions
 * (lib/webmention/send): the author's posts' links (scanned once per content
 * hash, at most WEBMENTION_POST_SENDS_PER_RUN sent), then the queued mentions
 * of readers' links. With `-- --dry-run` it sends and queues nothing: it reads
 * each published post's public page and lists what would go out.
 */
import './load-env'
import { closeDatabase, getDatabase } from '../lib/db'
import { env } from '../lib/env'
import { installJobs } from '../lib/jobs/install'
import { appSendContext, webmentionSendHandlers } from '../lib/jobs/webmention-send-jobs'
import { drainOutbox } from '../lib/outbox/queue'
import { getPosts } from '../lib/posts/catalog'
import { sendingOffReason } from '../lib/webmention/send/config'
import { planPublishedPosts, runPostMentions } from '../lib/webmention/send/post-mentions'
import { queuedSubmissionSends } from '../lib/webmention/send/submission'

const dryRun = process.argv.includes('--dry-run')
const published = async () => (await getPosts()).filter((p) => !p.draft)
const handle = await getDatabase()
try {
  const ctx = appSendContext()
  const off = sendingOffReason(ctx)
  if (off) {
    console.log(`Nothing ${dryRun ? 'would go' : 'goes'} out: ${off}.`)
  } else if (dryRun) {
    let count = 0
    for (const plan of await planPublishedPosts(handle.db, await published(), ctx)) {
      if ('error' in plan) {
        console.log(`${plan.source}: not read (${plan.error}); nothing listed for it`)
        continue
      }
      for (const m of plan.planned) {
        console.log(`post (${m.change})\t${m.source} → ${m.target}`)
        count++
      }
    }
    for (const q of await queuedSubmissionSends(handle.db)) {
      console.log(`reader link (${q.reason}, #${q.submissionId})\t→ ${q.target ?? '(gone)'}`)
      count++
    }
    console.log(
      `${count} Webmention${count === 1 ? '' : 's'} would go out (posts: at most ${env().WEBMENTION_POST_SENDS_PER_RUN} per run).`,
    )
  } else {
    installJobs()
    const posts = await runPostMentions(
      handle.db,
      published,
      ctx,
      env().WEBMENTION_POST_SENDS_PER_RUN,
    )
    const readers = await drainOutbox(
      handle.db,
      webmentionSendHandlers(async () => handle.db, appSendContext),
    )
    console.log(JSON.stringify({ posts, readers }, null, 2))
  }
} finally {
  await closeDatabase()
}
