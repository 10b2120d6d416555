import type { Metadata } from 'next'
import { site } from '@/lib/site'
import { cachedNeighbours, cachedPost, cachedPostSummary } from '@/app/_lib/posts'
import { alternatesWithFeeds } from '@/app/_lib/feed-alternates'

/** Everything both post routes (with and without the reader-link form) render. */
export async function loadPostPage(slug: string) {
  const found = await cachedPost(slug)
  if (!found) return undefined
  return { ...found, ...(await cachedNeighbours(slug)) }
}

export async function postMetadata(slug: string): Promise<Metadata> {
  const post = await cachedPostSummary(slug)
  if (!post) return {}
  return {
    title: post.title,
    description: post.description,
    keywords: post.tags,
    // The reader-links variant is served at the same address: one canonical URL.
    alternates: alternatesWithFeeds(
      `/posts/${post.slug}`,
      post.readerLinks
        ? { url: `/posts/${post.slug}/links.xml`, title: `Readers’ stories on “${post.title}” (Atom)` }
        : undefined,
    ),
    openGraph: {
      type: 'article',
      title: post.title,
      description: post.description,
      url: `/posts/${post.slug}`,
      publishedTime: post.date,
      tags: post.tags,
      authors: [site.author],
    },
    twitter: { card: 'summary_large_image', title: post.title, description: post.description },
    robots: post.draft ? { index: false } : undefined,
  }
}
