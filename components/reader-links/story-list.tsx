import type { PublicLink } from '@/lib/submissions/public-list'
import { formatDate } from '@/lib/format'

/** Reader-supplied text is rendered as text, and their links are marked as user content. */
export function StoryList({ links }: { links: PublicLink[] }) {
  if (links.length === 0) {
    return <p className="meta">No stories yet. Yours could be the first.</p>
  }
  return (
    <ul className="stories">
      {links.map((link) => (
        <li key={link.id}>
          <a href={link.url} rel="ugc nofollow noopener">
            {link.title ?? link.host}
          </a>
          <p className="meta">
            {link.submitterName ? <>Shared by {link.submitterName} · </> : null}
            {link.host} ·{' '}
            <time dateTime={link.createdAt.toISOString()}>{formatDate(link.createdAt)}</time>
          </p>
        </li>
      ))}
    </ul>
  )
}
