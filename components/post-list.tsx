import Link from 'next/link'
import type { PostSummary } from '@/lib/posts'
import { formatDate } from '@/lib/format'
import { TagLinks } from './tag-links'

export function PostList({ posts }: { posts: PostSummary[] }) {
  return (
    <ol className="post-list">
      {posts.map((post) => (
        <li key={post.slug} className="post-card">
          <h2>
            {/* No viewport prefetch: a list page has dozens of links, and prefetching them all
                costs the main thread more than it saves on the one click. */}
            <Link href={`/posts/${post.slug}`} prefetch={false}>
              {post.title}
            </Link>
            {post.draft ? <span className="draft-badge"> (draft)</span> : null}
          </h2>
          <p className="meta">
            <time dateTime={post.date}>{formatDate(post.date)}</time> · {post.minutes} min read
          </p>
          <p>{post.description}</p>
          <TagLinks tags={post.tags} />
        </li>
      ))}
    </ol>
  )
}
