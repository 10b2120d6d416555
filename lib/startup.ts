import { authorConfig } from './auth/author'
import { env } from './env'

/**
 * Called when the Node server starts (instrumentation.ts). A misconfigured
 * server refuses to start rather than serve blank pages; in development it
 * says how to sign in with the built-in account.
 */
export function checkStartup(): void {
  try {
    env()
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
  const config = authorConfig(env())
  if (env().NODE_ENV === 'development' && config.devDefault && config.credentials) {
    console.log(
      `\n  Moderation: sign in at /signin (${env().SITE_URL}/signin) with ${config.credentials.email} / ${config.credentials.devPassword}` +
        '\n  (a development-only account; configure a real one as the README explains)\n',
    )
  }
}
