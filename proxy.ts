import { NextResponse, type NextRequest } from 'next/server'

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token']

/**
 * A convenience, not a lock: a visitor with no session cookie at all goes straight
 * to sign-in. The admin page and every moderation action verify the session
 * themselves (app/_lib/author-guard.ts).
 */
export function proxy(request: NextRequest) {
  const hasCookie = SESSION_COOKIES.some((name) => request.cookies.has(name))
  if (hasCookie) return NextResponse.next()
  const signIn = new URL('/signin', request.url)
  signIn.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search)
  return NextResponse.redirect(signIn)
}

export const config = { matcher: ['/admin', '/admin/:path*'] }
