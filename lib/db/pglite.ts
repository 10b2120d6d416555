import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { lockFolder } from './folder-lock'
import { migrationsFolder } from './migrations'
import * as schema from './schema'
import type { DatabaseHandle } from './types'

/**
 * Embedded Postgres in a folder: created and migrated on first use, locked
 * against a second process. `dir` null means in memory (tests).
 */
export async function openPglite(dir: string | null): Promise<DatabaseHandle> {
  const lock = dir ? lockFolder(dir) : undefined
  try {
    if (dir) mkdirSync(dir, { recursive: true })
    const client = dir ? await PGlite.create(path.resolve(dir)) : await PGlite.create()
    const db = drizzle(client, { schema })
    await migrate(db, { migrationsFolder: migrationsFolder() })
    return {
      db,
      kind: 'pglite',
      describe: dir ? `PGlite in ${path.resolve(dir)}` : 'PGlite in memory',
      async close() {
        await client.close()
        lock?.release()
      },
    }
  } catch (error) {
    lock?.release()
    throw error
  }
}
