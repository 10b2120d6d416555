import { siteUrl } from '@/lib/env'
import { buildRssFeed } from '@/lib/posts/feed'
import { cachedPosts } from '@/app/_lib/posts'

export async function GET() {
  const xml = buildRssFeed(await cachedPosts(), siteUrl())
  return new Response(xml, {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
  })
}
