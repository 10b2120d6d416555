import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readJournal } from '@/lib/db/migration-journal'
import { ROOT } from '../support/paths'

const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()

/**
 * The release a rollback goes back to: the code as it was just before the
 * newest migration was added (the parent of the commit that added that file).
 * That code ran on the schema without the migration, and after a rollback it
 * must run on the schema with it. Needs the git history: CI clones it whole;
 * a shallow clone gets a clear error (`git fetch --unshallow`), not a skip.
 */
export function previousRelease(): { commit: string; migration: string } {
  const newest = readJournal(path.join(ROOT, 'drizzle')).at(-1)
  if (!newest) throw new Error('drizzle/ has no migrations')
  const migration = `drizzle/${newest.tag}.sql`
  const added = git('log', '--diff-filter=A', '--format=%H', '-1', '--', migration)
  if (!added) throw new Error(`${migration} is not committed yet: commit it, then run this test`)
  let parent: string
  try {
    parent = git('rev-parse', '--verify', '--quiet', `${added}^1`)
  } catch {
    throw new Error(
      `the commit before ${migration} (${added.slice(0, 10)}^) is not in this clone: ` +
        'the rollback test needs the git history; run `git fetch --unshallow` (CI clones it whole)',
    )
  }
  return { commit: parent, migration }
}

/**
 * That release's application code and its tests (lib/, test/, their config) in
 * a temp folder, with this tree's drizzle/ in place of its own, and the
 * project's node_modules linked in. `remove()` deletes it.
 */
export function checkOutWithTodaysMigrations(commit: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rgr-previous-release-'))
  const archive = execFileSync(
    'git',
    [
      'archive',
      '--format=tar',
      commit,
      'lib',
      'test',
      'vitest.config.ts',
      'tsconfig.json',
      'package.json',
    ],
    { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 },
  )
  execFileSync('tar', ['-x', '-C', dir], { input: archive })
  cpSync(path.join(ROOT, 'drizzle'), path.join(dir, 'drizzle'), { recursive: true })
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
