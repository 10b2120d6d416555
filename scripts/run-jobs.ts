/**
 * npm run jobs — one scheduled pass from the command line: what the cron route
 * does on Vercel (scheduled tasks, then the outbox). It opens the configured
 * database (POSTGRES_URL, or the PGlite folder, which must not be in use).
 */
import { openDatabase } from '../lib/db'
import { runScheduledWork } from '../lib/jobs/run'

const handle = await openDatabase()
try {
  const run = await runScheduledWork(handle.db)
  console.log(JSON.stringify(run, null, 2))
  if (run.tasks.some((task) => !task.ok)) process.exitCode = 1
} finally {
  await handle.close()
}
