import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../support/paths'

/**
 * A throwaway copy of what `npm run db:check` reads (drizzle/, the pending
 * contract steps, the schema, squawk's config), with the project's node_modules
 * linked in, for a test to break. `remove()` deletes it.
 */
export function migrationTreeCopy() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rgr-db-check-'))
  for (const entry of [
    'drizzle',
    'drizzle-pending',
    'lib/db/schema.ts',
    '.squawk.toml',
    'package.json',
  ]) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true })
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  const file = (relative: string) => path.join(dir, relative)
  return {
    dir,
    file,
    read: (relative: string) => readFileSync(file(relative), 'utf8'),
    write: (relative: string, text: string) => writeFileSync(file(relative), text),
    /** Appends a journal entry (and drizzle-kit's snapshot, unchanged) for a hand-written migration. */
    addMigration(tag: string, sqlText: string) {
      const journalFile = file('drizzle/meta/_journal.json')
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
        entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[]
      }
      const last = journal.entries.at(-1)!
      const idx = last.idx + 1
      journal.entries.push({ ...last, idx, when: last.when + 1000, tag })
      writeFileSync(journalFile, JSON.stringify(journal, null, 2))
      const pad = (n: number) => String(n).padStart(4, '0')
      cpSync(
        file(`drizzle/meta/${pad(last.idx)}_snapshot.json`),
        file(`drizzle/meta/${pad(idx)}_snapshot.json`),
      )
      writeFileSync(file(`drizzle/${tag}.sql`), sqlText)
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
