import Link from 'next/link'

/** The queue's other tools: the domain lists and the export downloads. */
export function QueueToolLinks() {
  return (
    <nav aria-label="Queue tools" className="queue-tools">
      <ul>
        <li>
          <Link href="/admin/domains">Trusted and blocked domains</Link>
        </li>
        <li>
          Export all submissions with their history:{' '}
          {/* Plain links: route handlers, downloaded rather than navigated to. */}
          <a href="/admin/export?format=json" download>
            JSON
          </a>{' '}
          ·{' '}
          <a href="/admin/export?format=csv" download>
            CSV
          </a>
        </li>
      </ul>
    </nav>
  )
}
