import type { Metadata } from 'next'
import Link from 'next/link'
import { connection } from 'next/server'
import { StoryList } from '@/components/reader-links/story-list'
import { cachedAllApprovedLinks } from '@/app/_lib/reader-links'
import { cachedPosts } from '@/app/_lib/posts'
import { alternatesWithFeeds } from '@/app/_lib/feed-alternates'

export const metadata: Metadata = {
  title: 'Readers’ stories',
  description: 'Stories of failure that readers have written and shared, grouped by post.',
  alternates: alternatesWithFeeds('/links', {
    url: '/links/feed.xml',
    title: 'Readers’ stories (Atom)',
  }),
}

async function AllStories() {
  const groups = await cachedAllApprovedLinks().catch((error: unknown) => {
    console.error('reader links unavailable:', error)
    return null
  })
  if (!groups) return <p>Readers’ stories cannot be shown right now. Please check back soon.</p>
  if (groups.length === 0) return <p>No stories have been published yet.</p>
  const titles = new Map((await cachedPosts()).map((p) => [p.slug, p.title]))
  return groups.map(([slug, links]) => (
    <section key={slug} aria-labelledby={`post-${slug}`}>
      <h2 id={`post-${slug}`}>
        <Link href={`/posts/${slug}`}>{titles.get(slug) ?? slug}</Link>
      </h2>
      <StoryList links={links} />
    </section>
  ))
}

/** Per request from the cached lists, and complete without JavaScript (no streamed parts). */
export const instant = false

export default async function LinksPage() {
  await connection()
  return (
    <>
      <h1>Readers’ stories</h1>
      <p>
        Readers who wrote about their own failures sent these links. Each one was read before it
        appeared here.
      </p>
      <AllStories />
    </>
  )
}
