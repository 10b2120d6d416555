import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WEBHOOK_JOB } from '@/lib/notify/webhook-jobs'
import {
  createPostgresDatabase,
  startWsProxy,
  type PostgresDatabase,
  type WsProxy,
} from '../support/databases'
import { run } from '../support/process'

const root = path.resolve(import.meta.dirname, '../..')

/*
 * The job scripts see what the app sees: `npm run jobs` reads .env.local the
 * way `next dev` does (Next's own loader, scripts/load-env.ts). Run in a
 * folder of its own, whose .env.local names a database that holds one due
 * job and is named nowhere else: the script claiming that job shows the file
 * was read. (A database on the run's PostgreSQL rather than a new PGlite
 * folder: creating and migrating one in the script cost 13 s of CPU.)
 */
describe('command-line scripts load the .env files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rgr-env-'))
  let proxy: WsProxy
  let database: PostgresDatabase

  beforeAll(async () => {
    proxy = await startWsProxy()
    database = await createPostgresDatabase('env_local', { wsProxy: proxy.address })
    await database.query(
      `insert into outbox (kind, payload) values ($1, '{"submissionId": 1, "event": "created"}')`,
      [WEBHOOK_JOB],
    )
  })
  afterAll(async () => {
    await database?.drop()
    await proxy?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('npm run jobs opens the database that .env.local names', async () => {
    writeFileSync(
      path.join(dir, '.env.local'),
      [
        `POSTGRES_URL=${database.url}`,
        `POSTGRES_WS_PROXY=${proxy.address}`,
        'OUTBOUND_ALLOW_ONLY=true',
        'LINK_CHECKS=false',
        '',
      ].join('\n'),
    )
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: '1',
    }
    // Not spawnSync: the WebSocket proxy the script connects through runs in this process.
    const jobs = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'scripts/run-jobs.ts')],
      {
        cwd: dir,
        env: env as NodeJS.ProcessEnv,
      },
    )
    expect(jobs.stderr).not.toMatch(/Error/)
    expect(jobs.code).toBe(0)
    // The one job exists only in that database: the script ran it there (with no
    // webhook address set, the job prints what it would have sent).
    expect(jobs.stdout).toContain('webhook that would be sent')
    expect(
      await database.query('select kind, attempts, done_at is not null as done from outbox'),
    ).toEqual([{ kind: WEBHOOK_JOB, attempts: 1, done: true }])
  })
})
