/**
 * The author's GitHub sign-in, end to end against `next start`: the redirect to
 * GitHub, the consent page, the callback with its state and PKCE checks, the
 * token exchange, the profile fetch, the author check and the session.
 *
 * GitHub is played by a local stand-in (./github/stand-in.ts). The browser
 * reaches it through Playwright routes, the server through a preload given in
 * NODE_OPTIONS (./github/route-to-stand-in.mjs); the app is configured exactly
 * as in production. Each group starts its own server and stand-in, on free
 * loopback ports picked when the group starts.
 */
import { expect, test, type BrowserContext, type Cookie, type Page } from '@playwright/test'
import { AUTHOR, E2E_PORT } from '../test/support/server-env'
import { routeGitHubToStandIn, type BrowserGitHub } from './github/browser-routes'
import { GitHubStandIn, type GitHubUser } from './github/stand-in'
import { openQueueAt, readerStoriesListing, sendLink, uniqueStoryUrl, useClientIp } from './helpers'
import { FORM_POST } from './posts'
import { AppServer, attachOutputsOnFailure } from '../test/support/app-server'
import { freshPgliteDir, removePgliteDir } from '../test/support/databases'

// Serial: each group shares one server and one stand-in (whose signed-in user tests set).
test.describe.configure({ mode: 'serial', timeout: 120_000 })

const SESSION_COOKIE = 'authjs.session-token'
const CLIENT = { id: 'Iv1.e2e0standin0id', secret: 'e2e-only-github-client-secret' }

/** The author's GitHub account. Its e-mail is private, so the profile needs /user/emails. */
const AUTHOR_ON_GITHUB: GitHubUser = {
  id: 90210001,
  login: 'rgr-author',
  name: 'Author On GitHub',
  email: 'author-on-github@example.com',
}

/** Someone else, with the author's name and password-sign-in e-mail: only the id counts. */
const STRANGER: GitHubUser = {
  id: 90210002,
  login: 'rgr-author-fan',
  name: 'Author On GitHub',
  email: AUTHOR.email,
  publicEmail: true,
}

const PRELOAD = new URL('./github/route-to-stand-in.mjs', import.meta.url).href

type Setup = { server: AppServer; standIn: GitHubStandIn; dir: string }

type Ports = { app: number; web: number; api: number }

/**
 * Each group's ports, fixed from E2E_PORT: the stand-in must know the app's
 * callback URL and the app the stand-in's listeners before either starts, and
 * Playwright reads a group's baseURL before its beforeAll runs.
 */
const GROUP_PORTS: Record<'githubOnly' | 'both', Ports> = {
  githubOnly: { app: E2E_PORT + 30, web: E2E_PORT + 31, api: E2E_PORT + 32 },
  both: { app: E2E_PORT + 33, web: E2E_PORT + 34, api: E2E_PORT + 35 },
}

/** A stand-in for GitHub, then a `next start` whose GitHub traffic goes to it. */
async function startWithGitHub(
  label: string,
  ports: Ports,
  env: Record<string, string>,
): Promise<Setup> {
  const baseUrl = `http://localhost:${ports.app}`
  const standIn = new GitHubStandIn({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    // What the README tells the author to register.
    callbackUrl: `${baseUrl}/api/auth/callback/github`,
    ports: { web: ports.web, api: ports.api },
  })
  const dir = freshPgliteDir(label)
  const server = new AppServer({
    port: ports.app,
    pgliteDir: dir,
    env: {
      AUTH_GITHUB_ID: CLIENT.id,
      AUTH_GITHUB_SECRET: CLIENT.secret,
      AUTHOR_GITHUB_USER_ID: String(AUTHOR_ON_GITHUB.id),
      NODE_OPTIONS: `--import ${PRELOAD}`,
      GITHUB_STAND_IN: standIn.preloadMapping,
      ...env,
    },
  })
  await standIn.start()
  try {
    await server.start()
    // The first view of a post on a new database opens and migrates it, which takes
    // tens of seconds on a busy machine: do it here, outside the tests' own time.
    const warm = await fetch(`${baseUrl}/posts/${FORM_POST}`, {
      signal: AbortSignal.timeout(150_000),
    })
    await warm.text()
  } catch (error) {
    await server.stop('SIGKILL')
    await standIn.stop()
    removePgliteDir(dir)
    throw error
  }
  return { server, standIn, dir }
}

async function stopAll(setup: Setup | undefined): Promise<void> {
  if (!setup) return
  await setup.server.stop()
  await setup.standIn.stop()
  removePgliteDir(setup.dir)
}

const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((c) => c.name === SESSION_COOKIE)

/** The sign-in page's message (Next's route announcer is another role="alert"). */
const signInMessage = (page: Page) => page.getByRole('main').getByRole('alert')

const tokenRequests = (standIn: GitHubStandIn) =>
  standIn.requests.filter((r) => r.path === '/login/oauth/access_token').length

/** From /signin: the GitHub button, then GitHub's consent page, then `decision` there. */
async function throughGitHub(page: Page, decision: 'Authorize' | 'Cancel'): Promise<URL> {
  await page.getByRole('button', { name: 'Sign in with GitHub' }).click()
  await expect(page).toHaveURL(/^https:\/\/github\.com\/login\/oauth\/authorize\?/)
  const authorizeUrl = new URL(page.url())
  await expect(page.getByRole('heading', { name: 'Authorize Red Green Repeat' })).toBeVisible()
  await page.getByRole('button', { name: decision }).click()
  return authorizeUrl
}

test.describe('only GitHub configured', () => {
  let setup: Setup | undefined
  let github: BrowserGitHub = { offsite: [], callbacks: [], holdCallbacks: false }

  test.use({ baseURL: `http://localhost:${GROUP_PORTS.githubOnly.app}` })

  test.beforeAll(async () => {
    test.setTimeout(300_000)
    setup = await startWithGitHub('github-only', GROUP_PORTS.githubOnly, {
      AUTHOR_EMAIL: '',
      AUTHOR_PASSWORD_HASH: '',
    })
  })
  test.afterAll(async () => stopAll(setup))

  test.beforeEach(async ({ context }) => {
    setup!.standIn.signedIn = AUTHOR_ON_GITHUB
    github = await routeGitHubToStandIn(context, setup!.standIn)
  })
  test.afterEach(async ({}, testInfo) => {
    expect(github.offsite, 'browser requests that left loopback').toEqual([])
    await attachOutputsOnFailure(testInfo, [setup?.server])
  })

  test('the sign-in page offers GitHub and no password form', async ({ page }) => {
    const response = await page.goto('/signin')
    expect(response?.status()).toBe(200)
    const main = page.getByRole('main')
    await expect(main.getByRole('button', { name: 'Sign in with GitHub' })).toBeVisible()
    await expect(main.getByLabel('Password')).toHaveCount(0)
    await expect(main.getByLabel('Email')).toHaveCount(0)
    await expect(main.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0)
    await expect(signInMessage(page)).toHaveCount(0)
  })

  test('the author’s GitHub id signs in, reaches /admin, and approves a link', async ({
    page,
    context,
  }) => {
    const { server, standIn } = setup!
    await useClientIp(page)
    const url = uniqueStoryUrl('github-author')
    await sendLink(page, { url, title: 'Approved by a GitHub sign-in' })

    const seen = standIn.requests.length
    const refused = standIn.tokenRefusals.length
    const pending = `/admin?post=${FORM_POST}&status=pending`
    await page.goto(pending)
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/)
    const authorize = await throughGitHub(page, 'Authorize')

    // What the app asked GitHub for.
    const asked = authorize.searchParams
    expect(asked.get('client_id')).toBe(CLIENT.id)
    expect(asked.get('redirect_uri')).toBe(`${server.baseUrl}/api/auth/callback/github`)
    expect(asked.get('response_type')).toBe('code')
    expect(asked.get('scope')?.split(' ')).toEqual(['read:user', 'user:email'])
    expect(asked.get('state')).toBeTruthy()
    expect(asked.get('code_challenge_method')).toBe('S256')

    await expect(page).toHaveURL(`${server.baseUrl}${pending}`)
    await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()
    await expect(page.getByRole('main')).toContainText('Signed in as Test Author.')
    const session = await sessionCookie(context)
    expect(session?.httpOnly).toBe(true)
    // The server did the whole exchange with "GitHub": the token, then the profile and,
    // the e-mail being private, the e-mail addresses.
    expect(standIn.tokenRefusals.slice(refused)).toEqual([])
    expect(standIn.requests.slice(seen)).toEqual(
      expect.arrayContaining([
        { host: 'github.com', method: 'POST', path: '/login/oauth/access_token' },
        { host: 'api.github.com', method: 'GET', path: '/user' },
        { host: 'api.github.com', method: 'GET', path: '/user/emails' },
      ]),
    )

    // A moderation action works in this session.
    const row = await openQueueAt(page, pending, url)
    await row.getByRole('button', { name: 'Approve', exact: true }).click()
    await expect(row).toHaveCount(0)
    const approved = await openQueueAt(page, `/admin?post=${FORM_POST}&status=approved`, url)
    await expect(approved).toContainText('Approved by a GitHub sign-in')
    await readerStoriesListing(page, FORM_POST, url)
  })

  test('another GitHub user is refused with a clear message and gets no session', async ({
    page,
    context,
  }) => {
    const { server, standIn } = setup!
    standIn.signedIn = STRANGER
    await page.goto('/signin?callbackUrl=%2Fadmin')
    await throughGitHub(page, 'Authorize')
    await expect(page).toHaveURL(/\/signin\?error=AccessDenied/)
    expect(new URL(page.url()).origin).toBe(server.baseUrl)
    await expect(signInMessage(page)).toHaveText(
      'Only the author can sign in here, and that GitHub account is not the author’s.',
    )
    await expect(page.getByRole('button', { name: 'Sign in with GitHub' })).toBeVisible()
    expect(await sessionCookie(context)).toBeUndefined()
    // Refused on the id GitHub vouched for, after the profile was read.
    expect(standIn.requests.at(-1)).toEqual({
      host: 'api.github.com',
      method: 'GET',
      path: '/user',
    })

    await page.goto('/admin')
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin$/)
    await expect(page.getByRole('heading', { name: 'Moderation' })).toHaveCount(0)
  })

  test('consent denied at GitHub comes back to /signin with a message', async ({
    page,
    context,
  }) => {
    const { standIn } = setup!
    const tokensBefore = tokenRequests(standIn)
    await page.goto('/signin?callbackUrl=%2Fadmin')
    await throughGitHub(page, 'Cancel')
    expect(new URL(github.callbacks.at(-1)!).searchParams.get('error')).toBe('access_denied')
    await expect(page).toHaveURL(/\/signin\?error=OAuthCallbackError/)
    await expect(signInMessage(page)).toHaveText(
      'GitHub did not sign you in: the request was cancelled or refused there. Please try again.',
    )
    expect(await sessionCookie(context)).toBeUndefined()
    expect(tokenRequests(standIn)).toBe(tokensBefore)
  })

  for (const [label, tamper] of [
    ['a wrong state', (u: URL) => u.searchParams.set('state', `${u.searchParams.get('state')}x`)],
    ['no state', (u: URL) => u.searchParams.delete('state')],
  ] as const) {
    test(`a callback with ${label} is refused before any token exchange`, async ({
      page,
      context,
    }) => {
      const { server, standIn } = setup!
      github.holdCallbacks = true
      await page.goto('/signin?callbackUrl=%2Fadmin')
      await throughGitHub(page, 'Authorize')
      await expect(page.getByRole('heading', { name: 'Redirect held by the test' })).toBeVisible()
      const callback = new URL(github.callbacks.at(-1)!)
      expect(callback.origin + callback.pathname).toBe(`${server.baseUrl}/api/auth/callback/github`)
      const tokensBefore = tokenRequests(standIn)

      const forged = new URL(callback)
      tamper(forged)
      await page.goto(forged.href)
      await expect(page).toHaveURL(/\/signin\?error=Configuration/)
      await expect(signInMessage(page)).toContainText('The sign-in could not be completed')
      expect(await sessionCookie(context)).toBeUndefined()
      expect(tokenRequests(standIn)).toBe(tokensBefore)

      // The state alone made the difference: the untouched callback still signs in.
      await page.goto(callback.href)
      await expect(page).toHaveURL(`${server.baseUrl}/admin`)
      await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()
      expect(await sessionCookie(context)).toBeDefined()
    })
  }

  test('a replayed code is refused by GitHub and signs no one in', async ({
    page,
    context,
    browser,
  }) => {
    const { server, standIn } = setup!
    github.holdCallbacks = true
    await page.goto('/signin?callbackUrl=%2Fadmin')
    await throughGitHub(page, 'Authorize')
    await expect(page.getByRole('heading', { name: 'Redirect held by the test' })).toBeVisible()
    const callback = github.callbacks.at(-1)!
    const code = new URL(callback).searchParams.get('code')
    // Everything this browser holds for the sign-in in flight (state, PKCE verifier).
    const inFlight: Cookie[] = await context.cookies()
    expect(inFlight.map((c) => c.name)).toEqual(
      expect.arrayContaining(['authjs.state', 'authjs.pkce.code_verifier']),
    )

    // The author's browser uses the code.
    await page.goto(callback)
    await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()

    // Someone replays the same callback with copies of those cookies: every check on
    // the app's side passes, and GitHub refuses the spent code.
    const other = await browser.newContext({ baseURL: server.baseUrl })
    try {
      const otherGitHub = await routeGitHubToStandIn(other, standIn)
      await other.addCookies(inFlight)
      const replay = await other.newPage()
      await replay.goto(callback)
      await expect(replay).toHaveURL(/\/signin\?error=Configuration/)
      await expect(signInMessage(replay)).toContainText('The sign-in could not be completed')
      expect(await sessionCookie(other)).toBeUndefined()
      expect(standIn.tokenRefusals).toContainEqual({ error: 'bad_verification_code', code })
      await replay.goto('/admin')
      await expect(replay).toHaveURL(/\/signin\?callbackUrl=%2Fadmin$/)
      expect(otherGitHub.offsite).toEqual([])
    } finally {
      await other.close()
    }
  })
})

test.describe('GitHub and a password both configured', () => {
  let setup: Setup | undefined
  let github: BrowserGitHub = { offsite: [], callbacks: [], holdCallbacks: false }

  // The server's port is known once beforeAll has started it.
  test.use({ baseURL: `http://localhost:${GROUP_PORTS.both.app}` })

  test.beforeAll(async () => {
    test.setTimeout(300_000)
    // The password account comes from the shared e2e environment (AUTHOR).
    setup = await startWithGitHub('github-and-password', GROUP_PORTS.both, {})
  })
  test.afterAll(async () => stopAll(setup))

  test.beforeEach(async ({ context }) => {
    setup!.standIn.signedIn = AUTHOR_ON_GITHUB
    github = await routeGitHubToStandIn(context, setup!.standIn)
  })
  test.afterEach(async ({}, testInfo) => {
    expect(github.offsite, 'browser requests that left loopback').toEqual([])
    await attachOutputsOnFailure(testInfo, [setup?.server])
  })

  test('both ways in show, and each signs the author in', async ({ page, context }) => {
    const { server } = setup!
    await page.goto('/signin?callbackUrl=%2Fadmin')
    const main = page.getByRole('main')
    await expect(main.getByLabel('Email')).toBeVisible()
    await expect(main.getByLabel('Password')).toBeVisible()
    await expect(main.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible()
    await expect(main.getByRole('button', { name: 'Sign in with GitHub' })).toBeVisible()

    await main.getByLabel('Email').fill(AUTHOR.email)
    await main.getByLabel('Password').fill(AUTHOR.password)
    await main.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()
    await expect(page).toHaveURL(`${server.baseUrl}/admin`)
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await expect(page).toHaveURL(`${server.baseUrl}/`)
    expect(await sessionCookie(context)).toBeUndefined()

    await page.goto('/signin?callbackUrl=%2Fadmin')
    await throughGitHub(page, 'Authorize')
    await expect(page).toHaveURL(`${server.baseUrl}/admin`)
    await expect(page.getByRole('heading', { level: 1, name: 'Moderation' })).toBeVisible()
    await expect(page.getByRole('main')).toContainText('Signed in as Test Author.')
    expect(await sessionCookie(context)).toBeDefined()
  })
})
