import type { DatabaseRows } from '../../test/support/databases'

/** How many stored submissions carry each URL. */
export function rowsPerUrl(rows: DatabaseRows): Map<string, number> {
  const counts = new Map<string, number>()
  for (const row of rows.submissions) counts.set(row.url, (counts.get(row.url) ?? 0) + 1)
  return counts
}

/** normalized_url values stored more than once (the unique index should make this empty). */
export function duplicateNormalizedUrls(rows: DatabaseRows): string[] {
  const seen = new Map<string, number>()
  for (const row of rows.submissions) {
    seen.set(row.normalized_url, (seen.get(row.normalized_url) ?? 0) + 1)
  }
  return [...seen].filter(([, n]) => n > 1).map(([url, n]) => `${url} ×${n}`)
}
