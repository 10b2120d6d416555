import type { MetadataRoute } from 'next'
import { siteUrl } from '@/lib/env'

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/admin', '/signin', '/api/'] }],
    sitemap: new URL('/sitemap.xml', siteUrl()).toString(),
    host: siteUrl().origin,
  }
}
