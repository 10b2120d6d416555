import { connection } from 'next/server'
import { cachedLinksFeed } from '@/app/_lib/reader-links'
import { linksFeedResponse } from '@/app/_lib/links-feed-response'

/**
 * Atom of approved reader links, site-wide. Per request (an approval shows at
 * once) but from the shared cache: the database is read only after moderation.
 */
export async function GET() {
  await connection()
  return linksFeedResponse(() => cachedLinksFeed())
}
