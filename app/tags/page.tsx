import type { Metadata } from 'next'
import Link from 'next/link'
import { allTags } from '@/lib/posts'
import { cachedPosts } from '@/app/_lib/posts'
import { alternatesWithFeeds } from '@/app/_lib/feed-alternates'

export const metadata: Metadata = { title: 'Tags', alternates: alternatesWithFeeds('/tags') }

export default async function TagsPage() {
  const tags = allTags(await cachedPosts())
  return (
    <>
      <h1>Tags</h1>
      <ul className="tag-cloud">
        {tags.map(({ tag, count }) => (
          <li key={tag}>
            <Link href={`/tags/${tag}`} className="tag">
              #{tag} <span className="count">({count})</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  )
}
