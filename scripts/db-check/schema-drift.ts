import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { readJournal } from '../../lib/db/migration-journal'
import { snapshotName } from './journal'
import type { Problem } from './problem'

/**
 * What `drizzle-kit generate` would write: the difference between lib/db/schema.ts
 * and the snapshot of the newest migration. Anything at all means the schema and
 * the migrations disagree.
 */
export async function checkSchemaDrift(root: string): Promise<Problem[]> {
  const entries = readJournal(path.join(root, 'drizzle'))
  const newest = entries.at(-1)
  if (!newest)
    return [{ file: 'drizzle/meta/_journal.json', rule: 'schema/drift', message: 'no migrations' }]
  let previous: Record<string, unknown>
  try {
    previous = JSON.parse(
      readFileSync(path.join(root, 'drizzle/meta', snapshotName(newest.idx)), 'utf8'),
    ) as Record<string, unknown>
  } catch {
    return [] // journal/missing-snapshot says so
  }
  const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api')
  const schema = (await import(pathToFileURL(path.join(root, 'lib/db/schema.ts')).href)) as Record<
    string,
    unknown
  >
  const current = generateDrizzleJson(schema, previous.id as string)
  const statements = await generateMigration(
    previous as Parameters<typeof generateMigration>[0],
    current,
  )
  if (statements.length === 0) return []
  return [
    {
      file: 'lib/db/schema.ts',
      rule: 'schema/drift',
      message:
        `differs from drizzle/ (${newest.tag}); drizzle-kit generate would write:\n` +
        statements.map((s) => `    ${s.trim()}`).join('\n'),
    },
  ]
}
