/**
 * npm run jobs — one scheduled pass from the command line: what the cron route
 * does on Vercel (scheduled tasks, then the outbox). It opens the configured
 * database (POSTGRES_URL, or the PGlite folder, which must not be in use).
 */
import './load-env'
import { closeDatabase, getDatabase } from '../lib/db'
import { installJobs } from '../lib/jobs/install'
import { runScheduledWork } from '../lib/jobs/run'

installJobs()

// The shared handle: job handlers open the database through getDatabase() too.
const handle = await getDatabase()
try {
  const run = await runScheduledWork(handle.db)
  console.log(JSON.stringify(run, null, 2))
  if (run.tasks.some((task) => !task.ok)) process.exitCode = 1
} finally {
  await closeDatabase()
}
