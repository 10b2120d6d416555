import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readJournal } from '../../lib/db/migration-journal'
import type { Problem } from './problem'

/**
 * drizzle/migrations.lock.json: the sha256 of every released migration and the
 * journal time drizzle orders it by. A database that applied a migration never
 * applies it again, so a released migration edited (or removed) afterwards
 * leaves that database out of step with the code for good.
 */
export const LOCK_FILE = 'drizzle/migrations.lock.json'

export type LockEntry = { sha256: string; when: number }
export type Lock = { about: string; migrations: Record<string, LockEntry> }

const ABOUT =
  'Released migrations, which must never change: npm run db:check compares each file with its sha256 here. ' +
  'npm run db:lock adds new ones (docs/deploying.md).'

export const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex')

export function readLock(root: string): Lock {
  const file = path.join(root, LOCK_FILE)
  if (!existsSync(file)) return { about: ABOUT, migrations: {} }
  return JSON.parse(readFileSync(file, 'utf8')) as Lock
}

export function writeLock(root: string, migrations: Record<string, LockEntry>): void {
  const sorted = Object.fromEntries(
    Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b)),
  )
  const lock: Lock = { about: ABOUT, migrations: sorted }
  writeFileSync(path.join(root, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`)
}

/** What each migration of the journal is now: file name → hash and journal time. */
export function currentEntries(root: string): Record<string, LockEntry> {
  const folder = path.join(root, 'drizzle')
  const entries: Record<string, LockEntry> = {}
  for (const { tag, when } of readJournal(folder)) {
    const file = path.join(folder, `${tag}.sql`)
    if (existsSync(file)) entries[`${tag}.sql`] = { sha256: sha256(file), when }
  }
  return entries
}

/** Locked migrations that changed or went away; and the ones not locked yet. */
export function checkLock(root: string): { problems: Problem[]; unlocked: string[] } {
  const locked = readLock(root).migrations
  const current = currentEntries(root)
  const problems: Problem[] = []
  for (const [name, entry] of Object.entries(locked)) {
    const file = `drizzle/${name}`
    const now = current[name]
    if (!existsSync(path.join(root, file))) {
      problems.push({
        file,
        rule: 'lock/removed',
        message: 'a released migration was deleted; databases that applied it keep its changes',
      })
    } else if (!now) {
      problems.push({
        file,
        rule: 'lock/removed',
        message: 'a released migration is no longer in drizzle/meta/_journal.json',
      })
    } else if (now.sha256 !== entry.sha256) {
      problems.push({
        file,
        rule: 'lock/edited',
        message:
          'a released migration changed after it was locked; databases that applied it will never apply the change. ' +
          'Restore it and put the change in a new migration.',
      })
    } else if (now.when !== entry.when) {
      problems.push({
        file,
        rule: 'lock/edited',
        message: `its journal time changed (${entry.when} → ${now.when}); drizzle orders migrations by it`,
      })
    }
  }
  const unlocked = Object.keys(current).filter((name) => !(name in locked))
  return { problems, unlocked }
}
