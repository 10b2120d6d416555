import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { readJournal } from '../../lib/db/migration-journal'
import type { Problem } from './problem'

export const snapshotName = (idx: number): string => `${String(idx).padStart(4, '0')}_snapshot.json`

/**
 * drizzle's migrator applies what the journal lists, in journal order, and only
 * entries newer (by `when`) than the newest one a database has applied. A SQL
 * file the journal does not list is never applied; an entry dated before an
 * older one (two branches generated in the "wrong" order) is silently skipped.
 */
export function checkJournal(root: string): Problem[] {
  const folder = path.join(root, 'drizzle')
  const problems: Problem[] = []
  const entries = readJournal(folder)
  const listed = new Set(entries.map((e) => `${e.tag}.sql`))
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.sql'))) {
    if (!listed.has(name)) {
      problems.push({
        file: `drizzle/${name}`,
        rule: 'journal/unlisted',
        message:
          'not in drizzle/meta/_journal.json, so drizzle never applies it (write migrations with npm run db:generate)',
      })
    }
  }
  entries.forEach((entry, position) => {
    const file = `drizzle/${entry.tag}.sql`
    if (!existsSync(path.join(root, file))) {
      problems.push({
        file,
        rule: 'journal/missing-file',
        message: 'the journal lists it but the file is missing',
      })
    }
    if (!existsSync(path.join(folder, 'meta', snapshotName(entry.idx)))) {
      problems.push({
        file: `drizzle/meta/${snapshotName(entry.idx)}`,
        rule: 'journal/missing-snapshot',
        message: `drizzle-kit's snapshot for ${entry.tag} is missing`,
      })
    }
    const before = entries[position - 1]
    if (entry.idx !== position || (before && entry.when <= before.when)) {
      problems.push({
        file,
        rule: 'journal/order',
        message:
          `journal entry ${position} (idx ${entry.idx}, when ${entry.when}) must come after ` +
          `${before ? `${before.tag} (when ${before.when})` : 'nothing'}: drizzle skips a migration dated before one already applied`,
      })
    }
  })
  return problems
}
