import type { PublicLink } from '@/lib/submissions/public-list'
import { formatDate } from '@/lib/format'

/**
 * Reader-supplied text is rendered as text, and their links are marked as user
 * content. Each piece of it is isolated (<bdi>, dir="auto"), so its direction
 * cannot spill onto the host and date printed after it.
 */
export function StoryList({ links }: { links: PublicLink[] }) {
  if (links.length === 0) {
    return <p className="meta">No stories yet. Yours could be the first.</p>
  }
  return (
    <ul className="stories">
      {links.map((link) => (
        <li key={link.id}>
          <a href={link.url} rel="ugc nofollow noopener" dir="auto">
            {link.title ?? link.host}
          </a>
          <p className="meta">
            {link.submitterName ? (
              <>
                Shared by <bdi>{link.submitterName}</bdi> ·{' '}
              </>
            ) : null}
            <bdi>{link.host}</bdi> ·{' '}
            <time dateTime={link.createdAt.toISOString()}>{formatDate(link.createdAt)}</time>
          </p>
        </li>
      ))}
    </ul>
  )
}
