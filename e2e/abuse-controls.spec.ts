/**
 * Issue 12 through `next start`: every reproduction of the probe is a test here.
 * Most run against the suite's server (E2E_PORT). The sign-in limits and the
 * address spoofing run against a second server with its own fresh database (on
 * a free port), so their failures and rate-limit hits never touch other specs,
 * and behind a small appending proxy (on another free port) that does what
 * nginx's `$proxy_add_x_forwarded_for` does.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type Page } from '@playwright/test'
import { AUTHOR, E2E_BASE_URL, E2E_PORT } from '../test/support/server-env'
import {
  READER_POST,
  openQueueAt,
  randomIp,
  signInAsAuthor,
  uniqueStoryUrl,
  useClientIp,
} from './helpers'
import { AppServer, attachOutputsOnFailure } from '../test/support/app-server'
import { freshPgliteDir, removePgliteDir } from '../test/support/databases'
import {
  failedSignInMessage,
  loadActionForm,
  multipart as encodeMultipart,
  submitLink,
  uniqueUrl,
} from '../test/support/form-client'
import { actionId, rawRequest, split, type RawResponse } from '../test/support/raw-http'

const MAIN = new URL(E2E_BASE_URL)
const BOUNDARY = '----abuseControls7MA4YWxkTrZu0gW'
const KB = 1024

/** One request with full control of method, headers and framing (test/support/raw-http.ts). */
const raw = (
  method: string,
  requestPath: string,
  headers: Record<string, string>,
  payload: { body?: Buffer; chunks?: Buffer[] } = {},
  port = E2E_PORT,
) => rawRequest({ port, method, path: requestPath, headers, ...payload })

const multipart = (fields: [string, string][], boundary = BOUNDARY): Buffer =>
  encodeMultipart(fields, boundary).body

const formHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
  origin: MAIN.origin,
  accept: 'text/html',
  'x-forwarded-for': randomIp(),
  ...extra,
})

const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'x-frame-options']

test.describe('HTTP edges answer 4xx, never 500', () => {
  const form = () => loadActionForm(E2E_BASE_URL, READER_POST)
  const noScript = async (note = 'A note.') => [
    ...(await form()).fields,
    ['url', uniqueUrl('edge')] as [string, string],
    ['title', 'Edge'] as [string, string],
    ['name', ''] as [string, string],
    ['homepage', ''] as [string, string],
    ['note', note] as [string, string],
  ]

  type Case = { name: string; status: number; send: () => Promise<RawResponse> }
  const cases: Case[] = [
    { name: 'TRACE /', status: 405, send: () => raw('TRACE', '/', {}) },
    { name: 'PUT /about', status: 405, send: () => raw('PUT', '/about', {}) },
    { name: 'DELETE /admin', status: 405, send: () => raw('DELETE', '/admin', {}) },
    {
      name: 'a chunked 70 KB form post',
      status: 413,
      send: async () =>
        raw('POST', READER_POST, formHeaders(), {
          chunks: split(multipart(await noScript('a'.repeat(70 * KB)))),
        }),
    },
    {
      name: 'a chunked 10 MB form post',
      status: 413,
      send: async () =>
        raw('POST', READER_POST, formHeaders(), {
          chunks: split(multipart(await noScript('a'.repeat(10 * KB * KB))), 64 * KB),
        }),
    },
    {
      name: 'a 17 KB form post with Content-Length',
      status: 413,
      send: async () =>
        raw('POST', READER_POST, formHeaders(), {
          body: multipart(await noScript('a'.repeat(17 * KB))),
        }),
    },
    {
      name: 'malformed multipart sent chunked (cut off, no closing boundary)',
      status: 400,
      send: async () => {
        const full = multipart(await noScript())
        return raw('POST', READER_POST, formHeaders(), {
          chunks: split(full.subarray(0, Math.floor(full.length * 0.6)), 100),
        })
      },
    },
    {
      name: 'malformed multipart sent chunked (another boundary)',
      status: 400,
      send: async () =>
        raw('POST', READER_POST, formHeaders(), {
          chunks: split(multipart(await noScript(), 'someOtherBoundary'), 100),
        }),
    },
    {
      name: 'JSON to an action',
      status: 415,
      send: () =>
        raw(
          'POST',
          READER_POST,
          formHeaders({
            'content-type': 'application/json',
            'next-action': actionId('submitLinkAction'),
            accept: 'text/x-component',
          }),
          { body: Buffer.from(JSON.stringify([{}, { url: 'https://example.com/' }])) },
        ),
    },
    {
      name: 'text/plain to an action',
      status: 415,
      send: () =>
        raw(
          'POST',
          READER_POST,
          formHeaders({
            'content-type': 'text/plain;charset=UTF-8',
            'next-action': actionId('submitLinkAction'),
            accept: 'text/x-component',
          }),
          { body: Buffer.from('hello') },
        ),
    },
    {
      name: 'JSON form post without an action id',
      status: 415,
      send: () =>
        raw('POST', READER_POST, formHeaders({ 'content-type': 'application/json' }), {
          body: Buffer.from('{"url":"https://example.com/"}'),
        }),
    },
    {
      name: 'a chunked body with no Content-Type',
      status: 415,
      send: () =>
        raw(
          'POST',
          READER_POST,
          { 'x-forwarded-for': randomIp() },
          {
            chunks: [Buffer.from('hello')],
          },
        ),
    },
  ]

  for (const c of cases) {
    test(`${c.name} → ${c.status}`, async () => {
      const response = await c.send()
      expect(response.error, response.error).toBeUndefined()
      expect(response.status, response.body.slice(0, 300)).toBe(c.status)
      // A refusal is a page of this site too: it keeps the security headers.
      for (const name of SECURITY_HEADERS) expect(response.headers[name], name).toBeTruthy()
      if (c.status === 405) expect(response.headers.allow).toBe('GET, HEAD, POST')
    })
  }

  test('the open graph image of an unknown post is a 404', async ({ request }) => {
    const unknown = await request.get('/posts/no-such-post-here/opengraph-image')
    expect(unknown.status()).toBe(404)
    const known = await request.get('/posts/writing-about-failures/opengraph-image')
    expect(known.status()).toBe(200)
    expect(known.headers()['content-type']).toBe('image/png')
  })
})

test.describe('redirects never follow the Host header', () => {
  // Issue 12: this answered 303 Location: http://evil.example/.
  test('sign-out posted with Host: evil.example redirects to this site', async () => {
    for (const host of ['evil.example', `localhost:${E2E_PORT}`]) {
      const response = await raw(
        'POST',
        '/signin',
        {
          host,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          accept: 'text/html',
        },
        {
          body: multipart([
            [`$ACTION_ID_${actionId('signOutAction')}`, ''],
            ['signOut', 'this'],
          ]),
        },
      )
      expect(response.status, response.body.slice(0, 300)).toBe(303)
      const location = response.headers.location ?? ''
      expect(location).not.toContain('evil.example')
      expect(new URL(location, E2E_BASE_URL).origin).toBe(MAIN.origin)
    }
  })

  test('/admin without a session redirects to sign in on this site, whatever the Host', async () => {
    const response = await raw('GET', '/admin', {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    })
    expect([303, 307, 308]).toContain(response.status)
    expect(response.headers.location ?? '').not.toContain('evil.example')
  })
})

/** What React sends for moderateAction(previousState, formData) when JavaScript runs it. */
function moderationBody(id: string): Buffer {
  return multipart([
    ['_1_intent', 'reject'],
    ['_1_ids', id],
    ['0', '[{"message":"","error":false},"$K1"]'],
  ])
}

async function replayModeration(
  cookie: string,
  id = '2147483000',
  port = E2E_PORT,
): Promise<RawResponse> {
  return raw(
    'POST',
    '/admin',
    formHeaders({
      cookie,
      origin: `http://localhost:${port}`,
      'next-action': actionId('moderateAction'),
      accept: 'text/x-component',
    }),
    { body: moderationBody(id) },
    port,
  )
}

const cookieHeader = async (page: Page) =>
  (await page.context().cookies())
    .filter((c) => c.name.includes('authjs.session-token'))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ')

test.describe('sessions end on the server', () => {
  // Issue 12: the token from before sign-out still answered "Rejected: 1 submission."
  test('a moderation request replayed with the token from before sign-out is refused', async ({
    page,
  }) => {
    await useClientIp(page)
    await signInAsAuthor(page)
    const cookie = await cookieHeader(page)
    expect(cookie).not.toBe('')
    const before = await replayModeration(cookie)
    expect(before.status).toBe(200)
    expect(before.body).toContain('Nothing changed')

    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await expect(page).toHaveURL(`${E2E_BASE_URL}/`)
    const after = await replayModeration(cookie)
    expect(after.status).toBe(401)
    expect(after.body).not.toContain('Nothing changed')
  })
})

test.describe('text cannot disguise itself', () => {
  test('bidi controls and combining runs are gone, reader text is isolated, look-alike hosts are flagged', async ({
    page,
  }) => {
    await useClientIp(page)
    const token = uniqueStoryUrl('x').split('//')[1]?.split('.')[0] ?? 'token'
    const title = `Disguise ${token}`
    await page.goto(READER_POST)
    await page.getByLabel('Link to your story').fill(`https://аррӏе.com/login-${token}`)
    await page.getByLabel('Title (optional)').fill(title)
    await page
      .getByLabel('Your name (optional)')
      .fill(`Eve \u202Egro.elpmaxe${'\u0301'.repeat(80)}`)
    await page.getByRole('button', { name: 'Send my link' }).click()
    await expect(page.getByRole('main').getByRole('status')).toContainText('Thank')

    await signInAsAuthor(page)
    // The queue holds 100,000 seeded rows of another post in a full run, and other specs'
    // submissions to this one: page through this post's pending rows to the new one.
    await openQueueAt(page, '/admin?status=pending&post=writing-about-failures', title)
    const card = page.locator('li.submission', { hasText: title })
    await expect(card).toContainText('xn--80ak6aa92e.com')
    await expect(card).toContainText('аррӏе.com')
    await expect(card).toContainText('Look-alike domain')
    await expect(card).toContainText(`https://xn--80ak6aa92e.com/login-${token}`)
    const name = await card.getByLabel('Name', { exact: true }).inputValue()
    expect(name).toBe(`Eve gro.elpmaxe${'\u0301'.repeat(2)}`.normalize('NFC'))
    await card.getByRole('button', { name: 'Approve', exact: true }).click()
    // Approved, it leaves this pending view and shows on /links.
    await expect(card).toHaveCount(0)
    await expect
      .poll(async () => (await page.request.get('/links')).text())
      .toContain(`>${title}</a>`)

    const html = await (await page.request.get('/links')).text()
    expect(html).toContain(`Shared by <bdi>${name}</bdi>`)
    expect(html).not.toContain('\u202E')
    expect(html).toMatch(new RegExp(`<a [^>]*dir="auto"[^>]*>${title}</a>`))
  })
})

/**
 * A reverse proxy that appends the address of its peer to X-Forwarded-For, as
 * nginx's `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;` does.
 * It listens on a free loopback port (read it from the server's address).
 */
function appendingProxy(upstream: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const peer = req.socket.remoteAddress ?? ''
    const previous = req.headers['x-forwarded-for']
    const headers = { ...req.headers, 'x-forwarded-for': previous ? `${previous}, ${peer}` : peer }
    const out = http.request(
      { host: '127.0.0.1', port: upstream, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

test.describe('limits that hold whatever the client says', () => {
  test.describe.configure({ mode: 'serial' })
  let server: AppServer | undefined
  let proxy: http.Server | undefined
  const dir = freshPgliteDir('abuse-controls')

  test.beforeAll(async () => {
    test.setTimeout(120_000)
    server = new AppServer({
      name: 'abuse-controls server',
      pgliteDir: dir,
      env: {
        SIGNIN_ACCOUNT_MAX_FAILURES: '25',
        // GitHub is configured (never contacted): its sign-in must stay open.
        AUTH_GITHUB_ID: 'e2e-client-id',
        AUTH_GITHUB_SECRET: 'e2e-client-secret',
        AUTHOR_GITHUB_USER_ID: '1',
      },
    })
    await server.start()
    proxy = await appendingProxy(server.port)
  })

  test.afterEach(async ({}, testInfo) => attachOutputsOnFailure(testInfo, [server]))

  test.afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve))
    await server?.stop('SIGKILL')
    removePgliteDir(dir)
  })

  /** The extra server's base URL (started in beforeAll). */
  const extraBase = () => {
    if (!server) throw new Error('the extra server did not start')
    return server.baseUrl
  }

  // Issue 12: X-Forwarded-For 10.1.0.1 … 10.1.0.8 gave 8 accepted submissions in a row.
  test('behind an appending proxy, a spoofed X-Forwarded-For earns no fresh limit', async () => {
    if (!proxy) throw new Error('the appending proxy did not start')
    const base = `http://localhost:${(proxy.address() as AddressInfo).port}`
    const form = await loadActionForm(base)
    const outcomes: string[] = []
    for (let n = 1; n <= 8; n++) {
      const result = await submitLink(
        base,
        form,
        { url: uniqueUrl(`spoof-${n}`) },
        {
          ip: `10.1.0.${n}`,
        },
      )
      outcomes.push(result.outcome)
    }
    expect(outcomes.filter((o) => o === 'received')).toHaveLength(5)
    expect(outcomes.slice(5)).toEqual(['rate-limited', 'rate-limited', 'rate-limited'])
  })

  // Issue 12: each spelling was a fresh bucket.
  test('spellings of one address share one limit', async () => {
    const base = extraBase()
    const form = await loadActionForm(base)
    const spellings = ['10.3.0.1', '::ffff:10.3.0.1', '10.3.0.1:1234', '[::ffff:10.3.0.1]:80']
    const outcomes: string[] = []
    for (let n = 0; n < 7; n++) {
      const ip = spellings[n % spellings.length] as string
      outcomes.push(
        (await submitLink(base, form, { url: uniqueUrl(`spell-${n}`) }, { ip })).outcome,
      )
    }
    expect(outcomes.filter((o) => o === 'received')).toHaveLength(5)
    const unknown = ['010.0.0.1', '167772161', 'foo', '::1%eth0']
    const more: string[] = []
    for (let n = 0; n < 7; n++) {
      const ip = unknown[n % unknown.length] as string
      more.push((await submitLink(base, form, { url: uniqueUrl(`junk-${n}`) }, { ip })).outcome)
    }
    expect(more.filter((o) => o === 'received').length).toBeLessThanOrEqual(5 + 1)
  })

  async function submitPassword(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${extraBase()}/signin`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  }

  /** A sign-in expected to fail: the message it shows. */
  async function tryPassword(page: Page, email: string, password: string): Promise<string> {
    await submitPassword(page, email, password)
    const alert = page.getByRole('main').getByRole('alert')
    await expect(alert).not.toHaveText('')
    return (await alert.textContent()) ?? ''
  }

  /** A sign-in expected to succeed: it lands on the moderation queue. */
  async function signInHere(page: Page): Promise<void> {
    await submitPassword(page, AUTHOR.email, AUTHOR.password)
    await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible()
  }

  // On this server of its own: signing out everywhere ends the sessions of
  // every test signed in at that moment, and on the shared server that would
  // be other specs' sessions.
  test('"Sign out everywhere" signs out every browser', async ({ browser }) => {
    const first = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.4.0.1' } })
    const second = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.4.0.2' } })
    try {
      const a = await first.newPage()
      const b = await second.newPage()
      for (const page of [a, b]) await signInHere(page)
      const cookieB = await cookieHeader(b)
      const port = Number(new URL(extraBase()).port)
      expect((await replayModeration(cookieB, undefined, port)).status).toBe(200)
      await a.getByRole('button', { name: 'Sign out everywhere' }).click()
      await expect(a).toHaveURL(/\/signin\?signedOut=everywhere/)
      await expect(a.getByRole('main').getByRole('status')).toHaveText(
        'You are signed out in every browser.',
      )
      expect((await replayModeration(cookieB, undefined, port)).status).toBe(401)
      await b.goto(`${extraBase()}/admin`)
      await expect(b).toHaveURL(/\/signin\?callbackUrl=%2Fadmin/)
    } finally {
      await first.close()
      await second.close()
    }
  })

  test('a wrong email and a wrong password get one message; the 11th failure from a client is refused until a stated time', async ({
    page,
  }) => {
    const ip = '10.5.0.1'
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': ip })
    // Through the form, as a person sees it; the rest over HTTP (the same
    // credentials callback the form posts to), where the browser adds nothing.
    const wrongEmail = await tryPassword(page, 'someone@example.com', AUTHOR.password)
    const wrongPassword = await tryPassword(page, AUTHOR.email, 'not the password')
    expect(wrongEmail).toBe(wrongPassword)
    const overHttp = (password: string, client = ip) =>
      failedSignInMessage(extraBase(), { email: AUTHOR.email, password, ip: client })
    for (let i = 2; i < 10; i++) expect(await overHttp(`wrong ${i}`)).toBe(wrongPassword)
    // The 11th, even with the right password, and even in another spelling or with a new prefix.
    for (const spelling of [ip, `::ffff:${ip}`, `10.9.9.9, ${ip}`]) {
      const refused = await overHttp(AUTHOR.password, spelling)
      expect(refused).toMatch(
        /^Too many failed sign-ins from your network\. Try again at .+ UTC\.$/,
      )
    }
    // Another client still signs in.
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': '10.5.0.2' })
    await signInHere(page)
  })

  test('failures from many clients pause password sign-in for the account, but not GitHub', async ({
    page,
  }) => {
    // 10 failures so far (the test above); 15 more from fresh clients (over
    // HTTP: the form is tested above) reach 25.
    for (let i = 0; i < 15; i++) {
      await failedSignInMessage(extraBase(), {
        email: AUTHOR.email,
        password: `wrong ${i}`,
        ip: `10.6.0.${i + 1}`,
      })
    }
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': '10.7.0.1' })
    const paused = await tryPassword(page, AUTHOR.email, AUTHOR.password)
    expect(paused).toMatch(
      /^Password sign-in is paused .* Try again at .+ UTC, or sign in with GitHub\.$/,
    )
    // GitHub sign-in still starts: the redirect to GitHub (not followed).
    const github = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('/signin'),
    )
    await page.route('https://github.com/**', (route) => route.abort())
    await page.getByRole('button', { name: 'Sign in with GitHub' }).click()
    const response = await github
    const location = response.headers()['location'] ?? response.headers()['x-action-redirect'] ?? ''
    expect(location).toContain('https://github.com/login/oauth/authorize')
  })
})
