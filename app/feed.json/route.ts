import { postFeedResponse } from '@/app/_lib/post-feeds'

/** JSON Feed 1.1 with each post's full text; prerendered at build. */
export async function GET() {
  return postFeedResponse('json')
}
