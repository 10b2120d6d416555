import { connection } from 'next/server'
import { cachedPosts } from '@/app/_lib/posts'
import { cachedLinksFeed } from '@/app/_lib/reader-links'
import { linksFeedResponse } from '@/app/_lib/links-feed-response'

/** Atom of one post's approved reader links; 404 unless the post takes reader links. */
export async function GET(_request: Request, { params }: RouteContext<'/posts/[slug]/links.xml'>) {
  await connection()
  const { slug } = await params
  // Decided from the posts (in the build), so unknown slugs never become cache entries.
  const takesLinks = (await cachedPosts()).some((p) => p.slug === slug && p.readerLinks)
  return linksFeedResponse(async () => (takesLinks ? cachedLinksFeed(slug) : undefined))
}
