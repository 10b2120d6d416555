import { AUTHOR } from '../../e2e/env'

/** Cookie name=value pairs from a response's Set-Cookie headers. */
function cookies(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!)
}

/**
 * Signs in as the author through Auth.js's credentials callback, as the sign-in
 * form does (CSRF token from /api/auth/csrf, then the form post). Returns the
 * Cookie header that carries the session.
 */
export async function signInAsAuthor(baseUrl: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const jar = cookies(csrf)
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({
      csrfToken,
      email: AUTHOR.email,
      password: AUTHOR.password,
      callbackUrl: `${baseUrl}/admin`,
    }),
  })
  await response.arrayBuffer()
  const session = cookies(response).find((c) => c.startsWith('authjs.session-token='))
  if (!session)
    throw new Error(`sign-in failed: ${response.status} ${response.headers.get('location')}`)
  return [...jar, session].join('; ')
}
