/**
 * Prints, as one JSON line, what a PGlite data folder holds: every submission's
 * url, normalized_url and ip_hash, and every rate_limit_hits ip_hash.
 *   npx tsx e2e/resilience/pglite-rows.ts <folder>
 * The app must be stopped first: the folder lock allows one process at a time
 * (a lock left by a killed process is taken over, as the app itself does).
 */
import { sql } from 'drizzle-orm'
import { openPglite } from '../../lib/db/pglite'

export type DatabaseRows = {
  submissions: { url: string; normalized_url: string; ip_hash: string }[]
  rateLimitHits: { ip_hash: string }[]
}

async function main(folder: string | undefined): Promise<void> {
  if (!folder) throw new Error('usage: pglite-rows.ts <folder>')
  const handle = await openPglite(folder)
  try {
    const rows = async <T>(query: ReturnType<typeof sql>) =>
      ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows
    const result: DatabaseRows = {
      submissions: await rows(
        sql`select url, normalized_url, ip_hash from submissions order by id`,
      ),
      rateLimitHits: await rows(sql`select ip_hash from rate_limit_hits order by id`),
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    await handle.close()
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
