import { NextResponse, type NextRequest } from 'next/server'
import { getPosts } from '@/lib/posts/catalog'
import { isKnownBlogPath } from '@/lib/posts/known-paths'
import { site } from '@/lib/site'

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']

/** A path no route matches: Next answers it with the not-found page and a 404 status. */
const NOT_FOUND_PATH = '/_missing'

/**
 * Two jobs, neither of them protection:
 * - a visitor with no session cookie at all goes straight to sign-in (the admin
 *   page and every moderation action check the session themselves, in
 *   app/_lib/author-guard.ts);
 * - an unknown post, tag or page gets a real 404 status, which the page itself
 *   cannot give once the static shell has started the response.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  if (pathname === '/admin' || pathname.startsWith('/admin/')) {
    if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next()
    const signIn = new URL('/signin', request.url)
    signIn.searchParams.set('callbackUrl', pathname + search)
    return NextResponse.redirect(signIn)
  }
  const posts = await getPosts().catch(() => undefined)
  // If the posts cannot be read here, let the page decide (it still renders not-found).
  if (posts && isKnownBlogPath(pathname, posts, site.postsPerPage) === false) {
    return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url))
  }
  return NextResponse.next()
}

export const config = {
  matcher: ['/admin', '/admin/:path*', '/posts/:slug', '/tags/:tag', '/page/:page'],
}
