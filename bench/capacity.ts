/**
 * Section 9: capacity checks that `npm test` runs at small sizes, run here at
 * full size with their budgets (TEST_CAPACITY=1, test/support/capacity.ts):
 * - 1,000 concurrent submissions on each driver, each stored exactly once or
 *   clearly refused, at least 95% acknowledged (e2e/resilience/load.spec.ts);
 * - a server stopped (SIGKILL, SIGTERM) with 200 submissions in flight loses
 *   nothing acknowledged (e2e/resilience/restart.spec.ts);
 * - a link approved or rejected on one instance shows on the other within a
 *   second (e2e/instances.spec.ts);
 * - 1,000 concurrent submissions through the data layer, on both databases
 *   (test/integration/concurrency.test.ts);
 * - exports of 100,000 rows stream under 100 MB of extra memory, on both
 *   databases (test/integration/export-memory.test.ts).
 * (100,000-row paging of the queue is section 6.) Each check is a row: its
 * budget passes when every test of the file passes.
 *   tsx bench/capacity.ts
 */
import path from 'node:path'
import { run } from '../test/support/process'
import { baseEnv } from './lib/env'
import { TMP } from './lib/paths'
import { fixed, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'

const TITLE = '9. Capacity (moved from npm test)'

type Check = { measure: string; budget: string; command: string[]; log: string }

const CHECKS: Check[] = [
  {
    measure: '1,000 concurrent submissions, PGlite and PostgreSQL',
    budget: 'each stored once or clearly refused; ≥ 95% acknowledged',
    command: ['npx', 'playwright', 'test', 'e2e/resilience/load.spec.ts'],
    log: 'capacity-load.log',
  },
  {
    measure: 'restart with 200 submissions in flight (SIGKILL, SIGTERM), PGlite and PostgreSQL',
    budget: 'nothing acknowledged lost, nothing doubled',
    command: ['npx', 'playwright', 'test', 'e2e/resilience/restart.spec.ts'],
    log: 'capacity-restart.log',
  },
  {
    measure: 'a moderation change on instance A, seen on instance B',
    budget: '≤ 1 s',
    command: ['npx', 'playwright', 'test', 'e2e/instances.spec.ts'],
    log: 'capacity-instances.log',
  },
  {
    measure: '1,000 concurrent submissions through submitLink, PGlite and PostgreSQL',
    budget: 'every one stored exactly once, 10 per client',
    command: ['npx', 'vitest', 'run', 'test/integration/concurrency.test.ts'],
    log: 'capacity-concurrency.log',
  },
  {
    measure: 'export of 100,000 rows (JSON and CSV), PGlite and PostgreSQL',
    budget: '< 100 MB of extra memory',
    command: ['npx', 'vitest', 'run', 'test/integration/export-memory.test.ts'],
    log: 'capacity-export.log',
  },
]

export async function capacitySection(): Promise<SectionResult> {
  const rows: Row[] = []
  for (const check of CHECKS) {
    log(`  ${check.measure} (log: bench/.tmp/${check.log})`)
    const [command, ...args] = check.command
    const ran = await run(command!, args, {
      env: baseEnv({ TEST_CAPACITY: '1' }),
      log: path.join(TMP, check.log),
    })
    rows.push({
      section: TITLE,
      measure: check.measure,
      value: `${ran.code === 0 ? 'passed' : 'FAILED'} in ${fixed(ran.ms / 1000, 0)} s`,
      baseline: 'budget',
      baselineValue: check.budget,
      ratio: 'n/a',
      budget: check.budget,
      pass: ran.code === 0,
    })
  }
  return {
    title: TITLE,
    rows,
    notes: [
      'Run with TEST_CAPACITY=1: the same test files `npm test` runs at small sizes (200 submissions, 2,000 exported rows, 10 s between instances), here at the sizes and budgets of the brief. The figures each file measured are in its log under bench/.tmp/.',
    ],
  }
}

if (isMain(import.meta.url)) await runAlone(TITLE, capacitySection)
