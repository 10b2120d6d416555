import { closeDatabase } from '@/lib/db'
import { resetEnvForTests } from '@/lib/env'
import { forgetInstalledJobs, installJobs } from '@/lib/jobs/install'
import { resetRegistry } from '@/lib/outbox/registry'
import { setPublicListListener } from '@/lib/visibility/events'
import { setPublicListReader } from '@/lib/webmention/send/config'

/*
 * Integration files share worker processes (vitest.config.ts), so each one
 * starts here from what a fresh process would hold, whatever the file before it
 * left behind: the environment as the process started with it (and the cached,
 * validated copy forgotten), no database handle of the app's, no listener or
 * reader installed by a test, and the outbox registry holding the app's jobs and
 * follow-ups, and only those, as the app's edges install them
 * (prepareServerWork). A test that needs probes of its own resets the registry
 * and installs them (see domain-rule-jobs.test.ts).
 */
const holder = globalThis as typeof globalThis & { __testStartEnv?: NodeJS.ProcessEnv }
holder.__testStartEnv ??= { ...process.env }
const startEnv = holder.__testStartEnv
for (const key of Object.keys(process.env)) {
  if (!(key in startEnv)) delete process.env[key]
}
Object.assign(process.env, startEnv)
resetEnvForTests()

// A handle left open points at a database its file has dropped. Closing it
// must not hold the next file up: it is given a few seconds.
await Promise.race([
  closeDatabase().catch(() => undefined),
  new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
])
setPublicListListener(undefined)
setPublicListReader(undefined)

resetRegistry()
forgetInstalledJobs()
installJobs()
