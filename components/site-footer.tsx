import { site } from '@/lib/site'

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="wrap">
        <p>
          {site.title} is written by {site.author}. Red, green, refactor, and repeat.
        </p>
        <p>
          <a href="/feed.xml">Subscribe with RSS</a>
        </p>
      </div>
    </footer>
  )
}
