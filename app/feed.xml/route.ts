import { postFeedResponse } from '@/app/_lib/post-feeds'

/** RSS 2.0 with each post's full text in content:encoded; prerendered at build. */
export async function GET() {
  return postFeedResponse('rss')
}
