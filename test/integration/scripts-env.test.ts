import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

/*
 * The job scripts see what the app sees: `npm run jobs` reads .env.local the
 * way `next dev` does (Next's own loader, scripts/load-env.ts). Run in a
 * folder of its own, whose .env.local names the database folder: the script
 * opening exactly that folder shows the file was read.
 */
describe('command-line scripts load the .env files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rgr-env-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('npm run jobs opens the database that .env.local names', () => {
    symlinkSync(path.join(root, 'drizzle'), path.join(dir, 'drizzle'))
    const database = path.join(dir, 'from-env-local')
    writeFileSync(
      path.join(dir, '.env.local'),
      `PGLITE_DIR=${database}\nOUTBOUND_ALLOW_ONLY=true\nLINK_CHECKS=false\n`,
    )
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: '1',
    }
    const run = spawnSync(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'scripts/run-jobs.ts')],
      { cwd: dir, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 170_000 },
    )
    expect(run.stderr).not.toMatch(/Error/)
    expect(run.status).toBe(0)
    expect(existsSync(database)).toBe(true)
    expect(JSON.parse(run.stdout)).toMatchObject({ outbox: { done: 0 } })
  })
})
