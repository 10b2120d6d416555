import { sql } from 'drizzle-orm'
import type { Database } from '../db'
import { cacheTagExpirations } from '../db/schema'
import type { TagStore } from './tag-expirations'

/** Tag expirations in the app's own database: the one thing all instances share. */
export function postgresTagStore(db: Database): TagStore {
  return {
    async readAll() {
      const rows = await db.select().from(cacheTagExpirations)
      return rows.map((row) => [row.tag, row.expiredAt] as const)
    },
    async write(tags, expiredAt) {
      if (tags.length === 0) return
      await db
        .insert(cacheTagExpirations)
        .values([...new Set(tags)].map((tag) => ({ tag, expiredAt })))
        .onConflictDoUpdate({
          target: cacheTagExpirations.tag,
          set: { expiredAt: sql`greatest(${cacheTagExpirations.expiredAt}, excluded.expired_at)` },
        })
    },
  }
}
