/** Pure list operations over posts that are already sorted newest first. */

type Listed = { slug: string; tags: string[] }

export type Page<T> = { items: T[]; page: number; totalPages: number }

export function paginate<T>(items: T[], page: number, perPage: number): Page<T> | undefined {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage))
  if (!Number.isInteger(page) || page < 1 || page > totalPages) return undefined
  return { items: items.slice((page - 1) * perPage, page * perPage), page, totalPages }
}

export function postsWithTag<T extends Listed>(posts: T[], tag: string): T[] {
  return posts.filter((p) => p.tags.includes(tag))
}

/** Tags with their post counts, most used first, then by name. */
export function allTags(posts: Listed[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const p of posts) for (const t of p.tags) counts.set(t, (counts.get(t) ?? 0) + 1)
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
}

/** In a newest-first list, "newer" is the one before and "older" the one after. */
export function neighbours<T extends Listed>(
  posts: T[],
  slug: string,
): { newer?: T; older?: T } {
  const i = posts.findIndex((p) => p.slug === slug)
  if (i === -1) return {}
  return { newer: posts[i - 1], older: posts[i + 1] }
}
