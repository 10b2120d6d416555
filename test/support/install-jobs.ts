import { installJobs } from '@/lib/jobs/install'

/*
 * Every vitest worker starts as the app's edges do (prepareServerWork): the outbox
 * registry holds the app's jobs and follow-ups. A test that needs probes of
 * its own resets the registry and installs them (see domain-rule-jobs.test.ts).
 */
installJobs()
