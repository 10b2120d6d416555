import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** What the rest of the code sees: the same drizzle API over either driver. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export type DatabaseHandle = {
  db: Database
  kind: 'pglite' | 'postgres'
  /** A human description for logs and errors (never includes a password). */
  describe: string
  close(): Promise<void>
}
