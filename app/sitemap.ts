import type { MetadataRoute } from 'next'
import { siteUrl } from '@/lib/env'
import { allTags } from '@/lib/posts'
import { cachedPosts } from '@/app/_lib/posts'

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const posts = await cachedPosts()
  const abs = (p: string) => new URL(p, siteUrl()).toString()
  const newest = posts[0]?.date
  return [
    { url: abs('/'), lastModified: newest, changeFrequency: 'weekly', priority: 1 },
    { url: abs('/about'), changeFrequency: 'yearly', priority: 0.3 },
    { url: abs('/links'), changeFrequency: 'daily', priority: 0.5 },
    { url: abs('/tags'), changeFrequency: 'weekly', priority: 0.4 },
    ...posts.map((p) => ({
      url: abs(`/posts/${p.slug}`),
      lastModified: p.date,
      changeFrequency: 'monthly' as const,
      priority: 0.8,
    })),
    ...allTags(posts).map(({ tag }) => ({
      url: abs(`/tags/${tag}`),
      changeFrequency: 'weekly' as const,
      priority: 0.4,
    })),
  ]
}
