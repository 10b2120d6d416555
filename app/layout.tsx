import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { SiteFooter } from '@/components/site-footer'
import { SiteHeader } from '@/components/site-header'
import { siteUrl } from '@/lib/env'
import { alternatesWithFeeds } from './_lib/feed-alternates'
import { fullTitle, site } from '@/lib/site'
import './globals.css'

export const metadata: Metadata = {
  metadataBase: siteUrl(),
  title: { default: fullTitle, template: `%s · ${site.title}` },
  description: site.description,
  alternates: alternatesWithFeeds('/'),
  openGraph: { siteName: fullTitle, type: 'website', locale: 'en_GB' },
  twitter: { card: 'summary_large_image' },
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbfaf7' },
    { media: '(prefers-color-scheme: dark)', color: '#15171a' },
  ],
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={site.locale}>
      <body>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="content" className="wrap" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  )
}
