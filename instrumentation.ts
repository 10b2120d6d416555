/** Runs once when the server starts: in development, say how to sign in. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NODE_ENV !== 'development') return
  const { env } = await import('./lib/env')
  const { authorConfig } = await import('./lib/auth/author')
  const config = authorConfig(env())
  if (config.devDefault && config.credentials) {
    console.log(
      `\n  Moderation: sign in at /signin (http://localhost:${process.env.PORT ?? 3000}/signin) with ${config.credentials.email} / ${config.credentials.devPassword}` +
        '\n  (a development-only account; configure a real one as the README explains)\n',
    )
  }
}
