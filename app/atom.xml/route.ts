import { postFeedResponse } from '@/app/_lib/post-feeds'

/** Atom 1.0 with each post's full text; prerendered at build. */
export async function GET() {
  return postFeedResponse('atom')
}
