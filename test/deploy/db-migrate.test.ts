/**
 * `npm run db:migrate`, the first step of `vercel-build`: a preview build never
 * changes a database that may be production's. It migrates in production, off
 * Vercel, or with MIGRATE_ON_PREVIEW=true; otherwise it only checks that the
 * database already has every migration the build needs.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { driverUrl, startWsProxy, withClient, type WsProxy } from '../support/databases'
import { ROOT } from '../support/paths'
import { testPostgresUrl } from '../support/postgres-server'
import { run } from '../support/process'
import { migrationTreeCopy } from './tree-copy'

/** Every migration in drizzle/, in order: what a preview against an empty database would need. */
const MIGRATIONS = readdirSync(path.join(ROOT, 'drizzle'))
  .filter((f) => f.endsWith('.sql'))
  .sort()
let proxy: WsProxy
const name = `rgr_db_migrate_${process.pid}`
let url: string

beforeAll(async () => {
  proxy = await startWsProxy()
  await withClient((client) => client.query(`create database ${name}`))
  url = driverUrl(testPostgresUrl(), name)
})

afterAll(async () => {
  await withClient((client) => client.query(`drop database if exists ${name} with (force)`))
  await proxy?.close()
})

/** The environment of a Vercel build (or not) pointed at the test database, and nothing of ours. */
function buildEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' }
  for (const key of ['PATH', 'HOME', 'TMPDIR']) {
    if (process.env[key] !== undefined) env[key] = process.env[key]
  }
  return { ...env, POSTGRES_URL: url, POSTGRES_WS_PROXY: proxy.address, ...vars }
}

/** scripts/db-migrate.ts as the build runs it, with `cwd`'s drizzle/ folder. */
const migrateIn = (cwd: string, vars: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/db-migrate.ts')], {
    cwd,
    env: buildEnv(vars),
  })

const tables = () =>
  withClient(
    async (client) =>
      (
        await client.query<{ name: string }>(
          `select table_schema || '.' || table_name as name from information_schema.tables
           where table_schema in ('public', 'drizzle') order by 1`,
        )
      ).rows.map((r) => r.name),
    { database: name },
  )

const columns = (table: string) =>
  withClient(
    async (client) =>
      (
        await client.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_name = $1`,
          [table],
        )
      ).rows.map((r) => r.column_name),
    { database: name },
  )

describe('db:migrate on Vercel', () => {
  it('a preview build against an empty database creates nothing and fails, naming what it needs', async () => {
    const preview = await run('npm', ['run', '--silent', 'db:migrate'], {
      env: buildEnv({ VERCEL: '1', VERCEL_ENV: 'preview' }),
    })
    expect(preview.code).not.toBe(0)
    expect(preview.stderr).toContain(
      `this preview needs migrations ${MIGRATIONS.join(', ')}; ` +
        'give previews their own database branch (MIGRATE_ON_PREVIEW=true) or release the migration first',
    )
    expect(await tables()).toEqual([])
  }, 180_000)

  it('a production build migrates; a preview on that database then passes without migrating', async () => {
    const production = await migrateIn(ROOT, { VERCEL: '1', VERCEL_ENV: 'production' })
    expect(production.stderr).toBe('')
    expect(production.code).toBe(0)
    expect(await tables()).toContain('public.submissions')
    expect(await tables()).toContain('drizzle.__drizzle_migrations')

    const preview = await migrateIn(ROOT, { VERCEL: '1', VERCEL_ENV: 'preview' })
    expect(preview.code).toBe(0)
    expect(preview.stdout).toContain('already has every migration this build needs')
  }, 180_000)

  it('a preview that brings a new migration fails, unless its database is its own; production wants it locked', async () => {
    const tree = migrationTreeCopy()
    try {
      tree.addMigration(
        '0003_submissions_review_note',
        'ALTER TABLE "submissions" ADD COLUMN IF NOT EXISTS "review_note" text;\n',
      )
      const preview = await migrateIn(tree.dir, { VERCEL: '1', VERCEL_ENV: 'preview' })
      expect(preview.code).toBe(1)
      expect(preview.stderr).toContain(
        'this preview needs migration 0003_submissions_review_note.sql; give previews their own database branch (MIGRATE_ON_PREVIEW=true) or release the migration first',
      )
      expect(await columns('submissions')).not.toContain('review_note')

      // Production applies only released (locked) migrations.
      const unlocked = await migrateIn(tree.dir, { VERCEL: '1', VERCEL_ENV: 'production' })
      expect(unlocked.code).toBe(1)
      expect(unlocked.stderr).toContain(
        'drizzle/0003_submissions_review_note.sql is not locked: run npm run db:lock',
      )
      expect(await columns('submissions')).not.toContain('review_note')

      const ownBranch = await migrateIn(tree.dir, {
        VERCEL: '1',
        VERCEL_ENV: 'preview',
        MIGRATE_ON_PREVIEW: 'true',
      })
      expect(ownBranch.code).toBe(0)
      expect(await columns('submissions')).toContain('review_note')
    } finally {
      tree.remove()
    }
  }, 180_000)
})
