import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { Database } from './types'

export type JournalEntry = { idx: number; tag: string; when: number }

/** drizzle-kit's list of migrations, in the order they apply (drizzle/meta/_journal.json). */
export function readJournal(folder: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as {
    entries: JournalEntry[]
  }
  return journal.entries
}

/**
 * The migrations of `folder` the database has not applied, decided as drizzle's
 * migrator decides it: every entry newer than the newest one recorded in
 * drizzle.__drizzle_migrations. Reads only: it creates nothing, not even that table.
 */
export async function pendingMigrations(db: Database, folder: string): Promise<JournalEntry[]> {
  const entries = readJournal(folder)
  const result = (await db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  )) as unknown as { rows: { present: boolean }[] }
  if (!result.rows[0]?.present) return entries
  const newest = (await db.execute(
    sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
  )) as unknown as { rows: { newest: string | number | null }[] }
  const applied = newest.rows[0]?.newest
  if (applied === null || applied === undefined) return entries
  return entries.filter((entry) => entry.when > Number(applied))
}
