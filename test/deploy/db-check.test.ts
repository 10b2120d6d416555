/**
 * `npm run db:check` (scripts/db-check.ts): passes on the tree, and names the
 * file and the rule when a migration drops a column, when a released migration
 * is edited, and when lib/db/schema.ts and drizzle/ disagree.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkMigrations } from '@/scripts/db-check/check'
import { ROOT } from '../support/paths'
import { migrationTreeCopy } from './tree-copy'

const PENDING_CONTRACT = 'drizzle-pending/drop-link-checks-withdrawn-at.sql'

let copies: ReturnType<typeof migrationTreeCopy>[] = []
function copy() {
  const tree = migrationTreeCopy()
  copies.push(tree)
  return tree
}
afterEach(() => {
  for (const tree of copies) tree.remove()
  copies = []
})

describe('db:check', () => {
  it('passes on the tree, with every migration locked', async () => {
    expect(await checkMigrations(ROOT)).toEqual({ problems: [], unlocked: [] })
  })

  it('fails a new migration that drops a column, naming the file, line and rule', async () => {
    const tree = copy()
    tree.addMigration(
      '0003_drop_withdrawn_at',
      [
        `SET LOCAL lock_timeout = '5s';`,
        `SET LOCAL statement_timeout = '60s';`,
        'ALTER TABLE "link_checks" DROP COLUMN "withdrawn_at";',
        '',
      ].join('\n'),
    )
    const { problems, unlocked } = await checkMigrations(tree.dir)
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'drizzle/0003_drop_withdrawn_at.sql:3',
        rule: 'squawk/ban-drop-column',
      }),
    ])
    expect(unlocked).toEqual(['0003_drop_withdrawn_at.sql'])
  })

  it('accepts the pending contract step as a migration: its drop carries a squawk-ignore', async () => {
    const tree = copy()
    tree.addMigration('0003_drop_withdrawn_at', tree.read(PENDING_CONTRACT))
    expect((await checkMigrations(tree.dir)).problems).toEqual([])

    // Without its ignore comment, the same step is refused.
    const bare = tree.read(PENDING_CONTRACT).replace(/^-- squawk-ignore .*\n/m, '')
    tree.write('drizzle/0003_drop_withdrawn_at.sql', bare)
    expect((await checkMigrations(tree.dir)).problems.map((p) => p.rule)).toEqual([
      'squawk/ban-drop-column',
    ])
  })

  it('fails a new migration without lock and statement timeouts', async () => {
    const tree = copy()
    tree.addMigration('0003_no_timeouts', 'ALTER TABLE "submissions" ADD COLUMN "score" integer;\n')
    expect((await checkMigrations(tree.dir)).problems.map((p) => `${p.file} ${p.rule}`)).toEqual([
      'drizzle/0003_no_timeouts.sql:1 squawk/require-lock-timeout',
      'drizzle/0003_no_timeouts.sql:1 squawk/require-statement-timeout',
    ])
  })

  it('fails a new migration that adds a NOT NULL column without a default, or blocks writes with an index', async () => {
    const tree = copy()
    tree.addMigration(
      '0003_unsafe',
      [
        `SET LOCAL lock_timeout = '5s';`,
        `SET LOCAL statement_timeout = '60s';`,
        `ALTER TABLE "submissions" ADD COLUMN "score" integer NOT NULL;`,
        `CREATE INDEX "submissions_score_idx" ON "submissions" ("score");`,
        '',
      ].join('\n'),
    )
    const { problems } = await checkMigrations(tree.dir)
    expect(problems.map((p) => `${p.file} ${p.rule}`)).toEqual([
      'drizzle/0003_unsafe.sql:3 squawk/adding-required-field',
      'drizzle/0003_unsafe.sql:4 squawk/require-concurrent-index-creation',
    ])
  })

  it('fails an edited released migration, and db:lock refuses to bless the edit', async () => {
    const tree = copy()
    const original = tree.read('drizzle/0001_features.sql')
    tree.write('drizzle/0001_features.sql', original.replace('"withdrawn_at"', '"withdrawn_on"'))
    expect((await checkMigrations(tree.dir)).problems).toEqual([
      expect.objectContaining({ file: 'drizzle/0001_features.sql', rule: 'lock/edited' }),
    ])

    // The commands themselves, as CI and a developer run them.
    const tsx = (script: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script)], {
        cwd: tree.dir,
        encoding: 'utf8',
      })
    const check = tsx('db-check.ts')
    expect(check.status).toBe(1)
    expect(check.stderr).toContain('drizzle/0001_features.sql: lock/edited:')
    const lockBefore = tree.read('drizzle/migrations.lock.json')
    const lock = tsx('db-lock.ts')
    expect(lock.status).toBe(1)
    expect(tree.read('drizzle/migrations.lock.json')).toBe(lockBefore)
  }, 180_000)

  it('fails a deleted released migration', async () => {
    const tree = copy()
    const journalFile = 'drizzle/meta/_journal.json'
    const journal = JSON.parse(tree.read(journalFile)) as { entries: { tag: string }[] }
    journal.entries = journal.entries.filter((e) => e.tag !== '0002_integrity')
    tree.write(journalFile, JSON.stringify(journal))
    const { rmSync } = await import('node:fs')
    rmSync(tree.file('drizzle/0002_integrity.sql'))
    const rules = (await checkMigrations(tree.dir)).problems.map((p) => `${p.file} ${p.rule}`)
    expect(rules).toContain('drizzle/0002_integrity.sql lock/removed')
  })

  it('fails when lib/db/schema.ts has a column no migration creates', async () => {
    const tree = copy()
    const schema = tree.read('lib/db/schema.ts')
    const anchor = "withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),"
    expect(schema).toContain(anchor)
    tree.write(
      'lib/db/schema.ts',
      schema.replace(anchor, `${anchor}\n    reviewNote: text('review_note'),`),
    )
    const { problems } = await checkMigrations(tree.dir)
    expect(problems).toEqual([
      expect.objectContaining({ file: 'lib/db/schema.ts', rule: 'schema/drift' }),
    ])
    expect(problems[0]!.message).toMatch(/ADD COLUMN "review_note" text/)
  })

  it('fails a migration the journal does not list, or lists out of order', async () => {
    const tree = copy()
    tree.write('drizzle/0003_hand_written.sql', 'SELECT 1;\n')
    const journalFile = 'drizzle/meta/_journal.json'
    const journal = JSON.parse(tree.read(journalFile)) as { entries: { when: number }[] }
    journal.entries[2]!.when = journal.entries[1]!.when - 1
    tree.write(journalFile, JSON.stringify(journal))
    const rules = (await checkMigrations(tree.dir)).problems.map((p) => `${p.file} ${p.rule}`)
    expect(rules).toEqual(
      expect.arrayContaining([
        'drizzle/0003_hand_written.sql journal/unlisted',
        'drizzle/0002_integrity.sql journal/order',
      ]),
    )
  })

  it('keeps the lock in step with the files it names', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'drizzle/migrations.lock.json'), 'utf8'))
    const files = readdirSync(path.join(ROOT, 'drizzle')).filter((f) => f.endsWith('.sql'))
    expect(files.length).toBeGreaterThanOrEqual(4)
    expect(Object.keys(lock.migrations)).toEqual(files.sort())
  })
})
