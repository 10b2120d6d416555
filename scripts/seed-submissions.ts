/**
 * Inserts synthetic submissions for load and scale tests, in one statement:
 *   tsx scripts/seed-submissions.ts <count> [post-slug] [status]
 * Uses the configured database (PGLITE_DIR or POSTGRES_URL); the app must not be
 * running on the same PGlite folder (the folder lock refuses it).
 */
import './load-env'
import { sql } from 'drizzle-orm'
import { openDatabase } from '../lib/db'

const count = Number(process.argv[2] ?? 100_000)
const slug = process.argv[3] ?? 'seeded-load'
const status = process.argv[4] ?? 'pending'
if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer')

const handle = await openDatabase()
const started = Date.now()
await handle.db.execute(sql`
  insert into submissions (post_slug, url, normalized_url, title, status, created_at, ip_hash)
  select ${slug},
         'https://seed.example.com/story/' || g,
         'https://seed.example.com/story/' || g,
         'Seeded story ' || g,
         ${status}::submission_status,
         now() - interval '30 days' + (g * interval '1 second'),
         'seed'
  from generate_series(1, ${count}) as g
  on conflict do nothing`)
console.log(
  `seeded ${count} ${status} submissions for ${slug} in ${Date.now() - started} ms (${handle.describe})`,
)
await handle.close()
