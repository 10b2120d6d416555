import { site } from '@/lib/site'

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="wrap">
        <p>
          {site.title} is written by {site.author}. Red, green, refactor, and repeat.
        </p>
        <p>
          Subscribe to the posts: <a href="/feed.xml">RSS</a>, <a href="/atom.xml">Atom</a> or{' '}
          <a href="/feed.json">JSON Feed</a>. Readers’ stories have{' '}
          <a href="/links/feed.xml">their own Atom feed</a>.
        </p>
      </div>
    </footer>
  )
}
