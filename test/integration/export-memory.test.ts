import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportRecords, toByteStream, toCsv, toJson } from '@/lib/moderation/export'
import { CAPACITY } from '../support/capacity'
import { testDatabases, useTestDatabase } from '../support/test-databases'

/** Every row, streamed, under `npm test`; the memory budget at the bench's size (TEST_CAPACITY). */
const ROWS = CAPACITY ? 100_000 : 2_000
const MB = 1024 * 1024
/** The budget of the issue: a streamed export of 100,000 rows stays under 100 MB of extra memory. */
const BUDGET = 100 * MB

/**
 * Reads a whole export stream, sampling the process's memory at every chunk.
 * The output is counted, not kept: keeping it is what the test guards against.
 */
async function consume(stream: ReadableStream<Uint8Array>) {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed
  let bytes = 0
  let crlf = 0
  let lastTail = ''
  const decoder = new TextDecoder()
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    const text = lastTail + decoder.decode(value, { stream: true })
    crlf += text.split('\r\n').length - 1
    lastTail = text.slice(-1)
    if (lastTail !== '\r') lastTail = ''
    const now = process.memoryUsage()
    peakRss = Math.max(peakRss, now.rss)
    peakHeap = Math.max(peakHeap, now.heapUsed)
  }
  return {
    bytes,
    crlf,
    extraRss: peakRss - base.rss,
    extraHeap: peakHeap - base.heapUsed,
  }
}

describe.each(testDatabases)(
  `$name: export of ${ROWS.toLocaleString('en')} submissions`,
  ({ open }) => {
    const handle = useTestDatabase(open, { reset: 'once' })
    beforeAll(async () => {
      // Rows as large as the form allows (200-character title, 500-character note) and one
      // history entry each: the whole export is bigger than the budget, so buffering it
      // (or reading every row at once) cannot pass.
      await handle.db.execute(sql`
      insert into submissions (post_slug, url, normalized_url, title, submitter_name, note, status, created_at, ip_hash)
      select 'seeded-load',
             'https://seed.example.com/story/' || g,
             'https://seed.example.com/story/' || g,
             left('Seeded story ' || g || ' ' || repeat('title ', 40), 200),
             'Reader ' || g,
             left('=HYPERLINK("x") ' || repeat('note, with "quotes" ', 30), 500),
             'pending',
             now() - interval '30 days' + (g * interval '1 second'),
             'seed'
      from generate_series(1, ${ROWS}) as g`)
      await handle.db.execute(sql`
      insert into audit_log (submission_id, at, actor, from_status, to_status, via)
      select id, created_at, null, null, 'pending', 'form' from submissions`)
      // Warm the database's own page cache first: in-process PGlite grows its
      // WebAssembly memory to cache table pages, which is the database's memory,
      // not the export's (a server database keeps it in another process anyway).
      await handle.db.execute(
        sql`select count(*), sum(length(note)) from submissions join audit_log on submission_id = submissions.id`,
      )
    }, 600_000)

    it(`streams JSON${CAPACITY ? ' under 100 MB of extra memory' : ''}, every row included`, async () => {
      const result = await consume(
        toByteStream(toJson(exportRecords(handle.db, { authorName: 'The author' }))),
      )
      console.log(
        `JSON export: ${(result.bytes / MB).toFixed(1)} MB written, ` +
          `peak extra RSS ${(result.extraRss / MB).toFixed(1)} MB, heap ${(result.extraHeap / MB).toFixed(1)} MB`,
      )
      // Every row is in it (the seeded notes are 500 characters each).
      expect(result.bytes).toBeGreaterThan(ROWS * 500)
      if (CAPACITY) {
        expect(result.bytes).toBeGreaterThan(BUDGET)
        expect(result.extraRss).toBeLessThan(BUDGET)
        expect(result.extraHeap).toBeLessThan(BUDGET)
      }
    }, 600_000)

    it(`streams CSV${CAPACITY ? ' under 100 MB of extra memory' : ''}, one line per row plus the header`, async () => {
      const result = await consume(
        toByteStream(toCsv(exportRecords(handle.db, { authorName: 'The author' }))),
      )
      console.log(
        `CSV export: ${(result.bytes / MB).toFixed(1)} MB written, ` +
          `peak extra RSS ${(result.extraRss / MB).toFixed(1)} MB, heap ${(result.extraHeap / MB).toFixed(1)} MB`,
      )
      expect(result.crlf).toBe(ROWS + 1)
      if (CAPACITY) {
        expect(result.extraRss).toBeLessThan(BUDGET)
        expect(result.extraHeap).toBeLessThan(BUDGET)
      }
    }, 600_000)
  },
)
