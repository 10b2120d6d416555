/**
 * The rollback promise (docs/deploying.md, "Expand, then contract"): Vercel's
 * Instant Rollback brings back the previous release's code and leaves the
 * database as the newer release migrated it. So the previous release's own
 * integration tests of the public lists and the store (the queries every page
 * view and every submission runs) must pass against a database migrated with
 * today's drizzle/. On PostgreSQL through the production driver only (what
 * Vercel rolls back on), to stay within the test budget.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../support/paths'
import { testPostgresUrl } from '../support/postgres-server'
import { run } from '../support/process'
import { checkOutWithTodaysMigrations, previousRelease } from './previous-release'

const SUITES = ['test/integration/store.test.ts', 'test/integration/public-list.test.ts']

let release: ReturnType<typeof previousRelease>
let tree: ReturnType<typeof checkOutWithTodaysMigrations>

beforeAll(() => {
  release = previousRelease()
  tree = checkOutWithTodaysMigrations(release.commit)
})
afterAll(() => tree?.remove())

describe('rollback', () => {
  it("runs the previous release's integration tests on today's schema", async () => {
    const suites = SUITES.filter((suite) => existsSync(path.join(tree.dir, suite)))
    expect(suites, `none of ${SUITES.join(', ')} at ${release.commit}`).not.toEqual([])
    const report = path.join(tree.dir, 'vitest-report.json')
    const result = await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        tree.dir,
        '--reporter=json',
        `--outputFile=${report}`,
        '--maxWorkers=2',
        // Those tests run once per database; the production one is the one that matters here.
        `--testNamePattern=^'postgres'`,
        ...suites,
      ],
      // The server this run's global setup started; the old tests make their own databases on it.
      { cwd: tree.dir, env: { ...process.env, TEST_POSTGRES_URL: testPostgresUrl() } },
    )
    const where = `the release before ${release.migration} (${release.commit.slice(0, 10)})`
    expect(existsSync(report), `${where}: vitest wrote no report:\n${result.stderr}`).toBe(true)
    const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { assertionResults: { fullName: string; status: string }[] }[]
    }
    const onPostgres = testResults
      .flatMap((file) => file.assertionResults)
      .filter((test) => test.fullName.startsWith("'postgres'"))
    const notPassed = onPostgres
      .filter((test) => test.status !== 'passed')
      .map((test) => `${test.status}: ${test.fullName}`)
    expect(notPassed, `${where} on today's migrations:\n${result.stdout.slice(-3000)}`).toEqual([])
    expect(onPostgres.length).toBeGreaterThanOrEqual(10)
    expect(result.code).toBe(0)
  }, 120_000)
})
