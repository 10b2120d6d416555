import type { BrowserContext } from '@playwright/test'
import type { GitHubStandIn } from './stand-in'

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/** What a browser context's trips to GitHub left behind, and one switch. */
export type BrowserGitHub = {
  /** Requests that would have left loopback (aborted); a test checks this stays empty. */
  offsite: string[]
  /** Every URL GitHub sent the browser back to (the app's callback with code and state). */
  callbacks: string[]
  /**
   * When true, GitHub's redirect back is held: the browser gets a plain page
   * instead, and the test takes the callback URL from `callbacks` to use itself.
   */
  holdCallbacks: boolean
}

/**
 * Sends a browser context's requests for https://github.com to the stand-in
 * and answers them with its response as is (redirects included, so the browser
 * follows the 302 back to the app itself). Anything else that would leave
 * loopback is aborted.
 */
export async function routeGitHubToStandIn(
  context: BrowserContext,
  standIn: GitHubStandIn,
): Promise<BrowserGitHub> {
  const github: BrowserGitHub = { offsite: [], callbacks: [], holdCallbacks: false }
  await context.route(
    (url) => !LOOPBACK_HOST.test(url.hostname),
    async (route) => {
      github.offsite.push(route.request().url())
      await route.abort('blockedbyclient')
    },
  )
  // Registered last, so it is asked first.
  await context.route(
    (url) => url.origin === 'https://github.com',
    async (route) => {
      const url = new URL(route.request().url())
      const response = await route.fetch({
        url: `${standIn.webOrigin}${url.pathname}${url.search}`,
        maxRedirects: 0,
      })
      const location = response.headers()['location']
      if (response.status() === 302 && location) {
        github.callbacks.push(location)
        if (github.holdCallbacks) {
          await route.fulfill({ status: 200, contentType: 'text/html', body: HELD })
          return
        }
      }
      await route.fulfill({ response })
    },
  )
  return github
}

const HELD = '<!doctype html><title>Held</title><h1>Redirect held by the test</h1>'
