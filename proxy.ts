import { NextResponse, type NextRequest } from 'next/server'
import { oneClickSecret } from '@/lib/notify/config'
import { isWellFormedMultipart, multipartBoundary, refusePost } from '@/lib/http/request-guard'
import { REFUSAL_STATUS, checkToken } from '@/lib/notify/one-click'
import { refusalPageHtml } from '@/lib/notify/refusal-page'
import { getPosts } from '@/lib/posts/catalog'
import { isKnownBlogPath } from '@/lib/posts/known-paths'
import { site } from '@/lib/site'

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']

/** A path no route matches: Next answers it with the not-found page and a 404 status. */
const NOT_FOUND_PATH = '/_missing'

const refuse = (status: number, message: string) =>
  new NextResponse(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * Any page can receive a server action, so every POST is checked here first:
 * too large, cross-site or malformed multipart gets a clear 4xx (Next would
 * answer 500). Sizes come from Content-Length; a body is read (a clone) only
 * when it is small.
 */
async function checkPost(request: NextRequest): Promise<NextResponse | undefined> {
  const refusal = refusePost(request.headers)
  if (refusal) return refuse(refusal.status, refusal.message)
  const boundary = multipartBoundary(request.headers.get('content-type'))
  if (boundary === null) return refuse(400, 'The form data has no boundary.')
  if (boundary && request.headers.has('content-length')) {
    const body = await request.clone().text()
    if (!isWellFormedMultipart(body, boundary)) return refuse(400, 'The form data is malformed.')
  }
  return undefined
}

/**
 * Not protection for the admin area: a signed-out visitor's page view goes
 * straight to sign-in, but the admin page and every moderation action check the
 * session themselves (app/_lib/author-guard.ts), and POSTs go through to them.
 * Unknown posts, tags and pages get a real 404 status, which the page cannot
 * give once the static shell has started the response.
 */
export async function proxy(request: NextRequest) {
  if (request.method === 'POST') return (await checkPost(request)) ?? NextResponse.next()

  const { pathname, search } = request.nextUrl
  if (pathname === '/admin' || pathname.startsWith('/admin/')) {
    if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next()
    const signIn = new URL('/signin', request.url)
    signIn.searchParams.set('callbackUrl', pathname + search)
    return NextResponse.redirect(signIn)
  }
  const oneClick = /^\/moderate\/([^/]+)\/([^/]+)$/.exec(pathname)
  if (oneClick) {
    // A refused link gets its 4xx status here, from the token alone (no database):
    // a page cannot set the status once its shell streams, and a rewrite keeps 200.
    const check = checkToken({
      secret: oneClickSecret(),
      action: oneClick[1]!,
      token: oneClick[2]!,
    })
    if (!check.ok) {
      return new NextResponse(refusalPageHtml(check.reason), {
        status: REFUSAL_STATUS[check.reason],
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'private, no-store',
        },
      })
    }
    return NextResponse.next()
  }
  if (/^\/(posts|tags|page)\/[^/]+$/.test(pathname)) {
    const posts = await getPosts().catch(() => undefined)
    // If the posts cannot be read here, let the page decide (it still renders not-found).
    if (posts && isKnownBlogPath(pathname, posts, site.postsPerPage) === false) {
      return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url))
    }
  }
  return NextResponse.next()
}

export const config = {
  // Everything but build assets and images: any page may receive a POST.
  matcher: ['/((?!_next/static|_next/image|post-assets/).*)'],
}
