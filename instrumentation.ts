/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkStartup } = await import('./lib/startup')
    checkStartup()
    const { installRemoteCacheHandler } = await import('./lib/cache/install')
    installRemoteCacheHandler()
    const { refuseUnknownMethods } = await import('./lib/http/method-guard')
    refuseUnknownMethods()
    // The outbox's jobs and the signals' cache invalidation are installed by the edges that
    // use them (app/_lib/server-work.ts): whatever this file reaches ships in every function.
  }
}
