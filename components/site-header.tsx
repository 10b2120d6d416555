import Link from 'next/link'
import { site } from '@/lib/site'

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="wrap">
        <Link href="/" className="site-title">
          {site.title}
          <span className="site-subtitle">{site.subtitle}</span>
        </Link>
        <nav aria-label="Site">
          <ul className="nav-list">
            <li>
              <Link href="/">Posts</Link>
            </li>
            <li>
              <Link href="/tags">Tags</Link>
            </li>
            <li>
              <Link href="/links">Readers’ stories</Link>
            </li>
            <li>
              <Link href="/about">About</Link>
            </li>
            <li>
              <a href="/feed.xml">Feed</a>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  )
}
