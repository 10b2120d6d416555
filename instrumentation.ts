/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkStartup } = await import('./lib/startup')
    checkStartup()
    const { installRemoteCacheHandler } = await import('./lib/cache/install')
    installRemoteCacheHandler()
    const { refuseUnknownMethods } = await import('./lib/http/method-guard')
    refuseUnknownMethods()
    // Installed here, once per server (or function) start, never as an import's side effect:
    // the jobs the outbox runs, and the cache invalidation of signals that change public lists.
    const { installJobs } = await import('./lib/jobs/install')
    installJobs()
    const { installPublicListInvalidation } = await import('./app/_lib/public-list-invalidation')
    installPublicListInvalidation()
  }
}
