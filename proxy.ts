import path from 'node:path'
import { NextResponse, type NextRequest } from 'next/server'
import {
  actionIdChecker,
  formActionIds,
  judgeActionIds,
  type ActionIdChecker,
  type ActionIdVerdict,
} from '@/lib/http/action-ids'
import {
  ALLOWED_METHODS,
  MAX_POST_BYTES,
  multipartBoundary,
  readMultipart,
  readBodyUpTo,
  refuseMethod,
  refusePost,
} from '@/lib/http/request-guard'
import type { SessionVerdict } from '@/lib/auth/session-cookie'
import { env, pinAuthUrlToSiteUrl, siteUrl } from '@/lib/env'
import { NOT_FOUND_PATH } from '@/lib/http/not-found'
import { oneClickSecret } from '@/lib/notify/config'
import { REFUSAL_STATUS, checkToken } from '@/lib/notify/one-click'
import { refusalPages } from '@/lib/notify/refusal-page'
import { FLASH_COOKIE, FLASH_HEADER } from '@/lib/submissions/flash'

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']

const refuse = (status: number, message: string) =>
  new NextResponse(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * The build's server action ids, read on the first action call. The path is
 * where `next build` writes them and `next start` reads them (relative to the
 * project, the working directory of `next start`). Where a deployment does not
 * ship that file, every id goes on to Next (lib/http/action-ids.ts).
 * Only a production build's list is final: under `next dev` it grows as pages
 * compile (and lives elsewhere), so ids are not checked there. NODE_ENV is read
 * directly (Next inlines it): env() throws on a bad configuration, and a proxy
 * that throws would answer every POST with a 500.
 */
const checkActionId: ActionIdChecker =
  process.env.NODE_ENV === 'production'
    ? actionIdChecker(path.join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'))
    : () => 'unchecked'

/**
 * The pages of refused one-click links, as the build prerendered them
 * (app/moderate/refused/[reason]), where `next build` writes them and `next
 * start` reads them; lib/notify/refusal-page.ts falls back to a plain page.
 */
const refusalPage = refusalPages(
  path.join(process.cwd(), '.next', 'server', 'app', 'moderate', 'refused'),
)

/**
 * Any page can receive a server action, so every POST is checked here first:
 * not a form, too large, cross-site, an action id the build does not have, or
 * malformed multipart gets a clear 4xx (Next would answer 500, or 409 for the
 * id). The body is read whatever its framing (Content-Length or chunked), and
 * never past MAX_POST_BYTES; the body the proxy reads is Next's copy, so the
 * action still reads its own.
 */
async function checkPost(request: NextRequest): Promise<NextResponse | undefined> {
  // Webmentions come from other sites by design (their servers, or a form on
  // their pages): only the size limit applies; the route validates the rest.
  const crossSiteAllowed = request.nextUrl.pathname === '/webmention'
  const refusal = refusePost(request.headers, { crossSiteAllowed })
  if (refusal) return refuse(refusal.status, refusal.message)
  // An action called by React names its id in a header; checked before the body is read.
  const headerId = request.headers.get('next-action')
  const byHeader = headerId === null ? undefined : actionIdRefusal(checkActionId(headerId))
  if (byHeader) return byHeader
  const boundary = multipartBoundary(request.headers.get('content-type'))
  if (boundary === null) return refuse(400, 'The form data has no boundary.')
  const body = await readBodyUpTo(request.body, MAX_POST_BYTES).catch(() => null)
  if (body === undefined) return refuse(413, 'The request is too large.')
  if (body === null) return refuse(400, 'The request body could not be read.')
  if (boundary) {
    const form = await readMultipart(body, request.headers.get('content-type') ?? '')
    if (!form) return refuse(400, 'The form data is malformed.')
    // A form posted without JavaScript names its action in its fields (read by
    // Next only when there is no header).
    if (headerId === null) {
      const verdict = judgeActionIds(formActionIds(form), checkActionId)
      const byForm = verdict === undefined ? undefined : actionIdRefusal(verdict)
      if (byForm) return byForm
    }
  }
  return undefined
}

/** Next alone would answer 409 "Server Action unavailable" (or 400 for a malformed id). */
function actionIdRefusal(verdict: ActionIdVerdict): NextResponse | undefined {
  if (verdict === 'unknown') return refuse(404, 'There is no such server action.')
  if (verdict === 'malformed') return refuse(400, 'That is not a server action id.')
  return undefined
}

/** To sign in, and back here after. */
function toSignIn(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl
  // From SITE_URL, not request.url (which Next builds from the client's Host header).
  // Next turns it into a relative Location when the request came to that origin.
  const signIn = new URL('/signin', siteUrl())
  signIn.searchParams.set('callbackUrl', pathname + search)
  return NextResponse.redirect(signIn)
}

/**
 * A page view of the admin area with a session cookie: the cookie is opened and
 * its row looked up (lib/auth/session-cookie.ts) so that a signed-out, ended,
 * expired, forged or other author's session gets a real redirect, and its
 * cookie cleared as Auth.js would, before any rendering; once the page's shell
 * streams, only a client-side redirect after a 200 would be left.
 * Not through '@/auth': that would bring the app's database chooser, and PGlite,
 * into the proxy's bundle and the deployed middleware's files. The database is
 * the process's shared handle, or PostgreSQL (lib/db/shared-handle.ts).
 * Loaded only here, so other requests never load any of it.
 */
async function adminPageView(request: NextRequest): Promise<Response> {
  let cookieName: string
  let verdict: SessionVerdict
  try {
    const [{ checkSessionCookie, sessionCookieName }, { databaseWithoutPglite }] =
      await Promise.all([import('@/lib/auth/session-cookie'), import('@/lib/db/shared-handle')])
    // As Auth.js picks the name: from AUTH_URL (auth.ts pins it to SITE_URL
    // outside development), else from the request.
    pinAuthUrlToSiteUrl()
    const authUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL
    const forwarded = request.headers.get('x-forwarded-proto')
    cookieName = sessionCookieName(
      authUrl ? new URL(authUrl).protocol : forwarded ? `${forwarded}:` : request.nextUrl.protocol,
    )
    verdict = await checkSessionCookie({
      token: request.cookies.get(cookieName)?.value,
      cookieName,
      env: env(),
      database: () => databaseWithoutPglite()?.then((handle) => handle.db),
    })
  } catch (error) {
    // A bad configuration, or the database is down: the page's own check
    // (app/_lib/author-guard.ts) decides, and its error page says what is wrong.
    console.error('proxy: could not read the session on an admin page view:', error)
    return NextResponse.next()
  }
  // No secret, or PGlite not opened yet by this process: the page decides too.
  if (verdict !== 'nobody') return NextResponse.next()
  const response = toSignIn(request)
  response.cookies.set(cookieName, '', {
    path: '/',
    maxAge: 0,
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieName.startsWith('__Secure-'),
  })
  return response
}

/** The site's own not-found page, with a real 404 status. */
const notFound = (request: NextRequest) =>
  NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url), { status: 404 })

/**
 * A reader's private status page (/links/status/<token>): an unknown token gets
 * its 404 here, before the page's shell starts a 200 response. A token of the
 * wrong shape is refused without a lookup; a well-formed one is looked up by
 * its hash. Where the proxy cannot look (PGlite not opened by this process yet,
 * the database down), the page decides, and its notFound() is a 200 that says
 * noindex. Loaded only here, like the admin's session check.
 */
async function readerStatusView(request: NextRequest, token: string): Promise<NextResponse> {
  const [{ isReceiptToken }, { submissionForToken }, { databaseWithoutPglite }] = await Promise.all(
    [
      import('@/lib/receipts/token'),
      import('@/lib/receipts/store'),
      import('@/lib/db/shared-handle'),
    ],
  )
  if (!isReceiptToken(token)) return notFound(request)
  try {
    const handle = await databaseWithoutPglite()
    if (!handle) return NextResponse.next()
    return (await submissionForToken(handle.db, token)) === null
      ? notFound(request)
      : NextResponse.next()
  } catch (error) {
    console.error('proxy: could not look up a reader status token:', error)
    return NextResponse.next()
  }
}

/**
 * The answer to a reader-link form posted without JavaScript, on the post it
 * redirected to: the page gets the answer in a request header and the response
 * expires the cookie, so a reload does not show the answer again. The expiry
 * is a plain Set-Cookie header: through `response.cookies` Next would also
 * hand the emptied cookie to the page and echo it in a second, session-long
 * Set-Cookie.
 */
function handOverFlash(request: NextRequest, value: string): NextResponse {
  const headers = new Headers(request.headers)
  headers.set(FLASH_HEADER, value)
  const response = NextResponse.next({ request: { headers } })
  // Same name and path as app/_actions/submit-link.ts set it with.
  response.headers.append(
    'set-cookie',
    `${FLASH_COOKIE}=; Path=${request.nextUrl.pathname}; Max-Age=0; HttpOnly; SameSite=Lax`,
  )
  return response
}

/**
 * Not protection for the admin area: a signed-out visitor's page view goes
 * straight to sign-in, but the admin page and every moderation action check the
 * session themselves (app/_lib/author-guard.ts), and POSTs go through to them.
 * (Unknown posts, tags and pages are not judged here: rewrites decided at build
 * time send them to a real 404, see lib/posts/routes.ts.)
 */
export async function proxy(request: NextRequest) {
  const badMethod = refuseMethod(request.method)
  if (badMethod) {
    const response = refuse(badMethod.status, badMethod.message)
    response.headers.set('allow', ALLOWED_METHODS.join(', '))
    return response
  }
  if (request.method === 'POST') return (await checkPost(request)) ?? NextResponse.next()

  const { pathname } = request.nextUrl
  if (pathname === '/admin' || pathname.startsWith('/admin/')) {
    if (!SESSION_COOKIES.some((name) => request.cookies.has(name))) return toSignIn(request)
    // The export is a download, not a page: its route answers a bad session with a 401 itself.
    return pathname === '/admin/export' ? NextResponse.next() : adminPageView(request)
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
      return new NextResponse(refusalPage(check.reason), {
        status: REFUSAL_STATUS[check.reason],
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'private, no-store',
        },
      })
    }
    return NextResponse.next()
  }
  const readerStatus = /^\/links\/status\/([^/]+)$/.exec(pathname)
  if (readerStatus) return readerStatusView(request, readerStatus[1]!)
  // A post's address (a slug: nothing that could bend the Set-Cookie's Path).
  const flash = request.cookies.get(FLASH_COOKIE)?.value
  if (flash && /^\/posts\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(pathname)) {
    return handOverFlash(request, flash)
  }
  return NextResponse.next()
}

/**
 * Only requests that need the proxy run it, so on the deploy target a page view
 * (a GET without a body) of a prerendered page is answered by the CDN alone:
 * - any request that carries a body or a server action (every POST does: the
 *   browser sends Content-Type and Content-Length; chunked ones Transfer-Encoding);
 * - the admin area, for the signed-out redirect;
 * - one-click moderation links, refused with their 4xx before any page renders;
 * - readers' status pages, whose unknown tokens get a 404 the same way;
 * - a post that a form posted without JavaScript redirected to, to show its answer once.
 * Kept literal: Next reads it at build time and turns it into routing rules.
 */
export const config = {
  matcher: [
    { source: '/:path*', has: [{ type: 'header', key: 'content-type' }] },
    { source: '/:path*', has: [{ type: 'header', key: 'content-length' }] },
    { source: '/:path*', has: [{ type: 'header', key: 'transfer-encoding' }] },
    { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] },
    '/admin',
    '/admin/:path*',
    '/moderate/:path*',
    '/links/status/:path*',
    // The name is lib/submissions/flash.ts's FLASH_COOKIE (test/unit/proxy-matcher.test.ts).
    { source: '/posts/:slug', has: [{ type: 'cookie', key: 'rgr-link-form' }] },
  ],
}
