import Link from 'next/link'
import { SignOutButton, SignOutEverywhereButton } from '@/app/_components/sign-out-button'

/**
 * The queue's page header: the title, the other tools (domain lists, export)
 * and the author's session, out of the queue's way.
 */
export function AdminHeader({ authorName }: { authorName: string }) {
  return (
    <header className="admin-head">
      <h1>Moderation</h1>
      <nav aria-label="Queue tools" className="admin-tools">
        <ul>
          <li>
            <Link href="/admin/domains">Domains and settings</Link>
          </li>
          <li>
            {/* Plain links: route handlers, downloaded rather than navigated to. */}
            Export:{' '}
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
      <div className="admin-account">
        <span className="meta">Signed in as {authorName}.</span>
        <SignOutButton />
        <SignOutEverywhereButton />
      </div>
    </header>
  )
}
