import { forgetInstalledJobs, installJobs } from '@/lib/jobs/install'
import { resetRegistry } from '@/lib/outbox/registry'

/*
 * Every integration file starts as the app's edges do (prepareServerWork): the
 * outbox registry holds the app's jobs and follow-ups, and only those, whatever
 * ran before in this process. A test that needs probes of its own resets the
 * registry and installs them (see domain-rule-jobs.test.ts).
 */
resetRegistry()
forgetInstalledJobs()
installJobs()
