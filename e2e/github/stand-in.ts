/**
 * A local stand-in for GitHub's OAuth app endpoints, for the end-to-end tests
 * only. Two loopback listeners play the two hosts the sign-in talks to:
 *
 * - `github.com`: the authorize page (a consent page with Authorize and Cancel)
 *   and the token endpoint;
 * - `api.github.com`: `/user` and `/user/emails`.
 *
 * It checks what GitHub checks (client id and secret, the registered callback
 * URL, single-use codes, the PKCE verifier) and answers the way GitHub does,
 * including its token errors: HTTP 200 with an `error` field. The browser reaches
 * it through Playwright routes (./browser-routes.ts), the server under test
 * through a preload (./route-to-stand-in.mjs); the app itself never learns it.
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'

export type GitHubUser = {
  /** The numeric id: what AUTHOR_GITHUB_USER_ID names. */
  id: number
  login: string
  name: string | null
  /** The account's e-mail address; shown on /user only when `publicEmail` is true. */
  email: string
  publicEmail?: boolean
}

export type StandInOptions = {
  clientId: string
  clientSecret: string
  /** The OAuth app's registered callback URL. */
  callbackUrl: string
  /** Ports of the two listeners (github.com, api.github.com) on 127.0.0.1. */
  ports: { web: number; api: number }
}

type Grant = {
  clientId: string
  redirectUri: string | undefined
  codeChallenge: string
  user: GitHubUser
  scope: string
  expiresAt: number
  used: boolean
}

/** One request the stand-in answered, for assertions on what the server asked. */
export type SeenRequest = { host: 'github.com' | 'api.github.com'; method: string; path: string }

/** One token request the stand-in refused, with GitHub's error code. */
export type TokenRefusal = { error: string; code: string | undefined }

const CODE_LIFETIME_MS = 10 * 60 * 1000

export class GitHubStandIn {
  /** The account "signed in at GitHub" in the test's browser. */
  signedIn: GitHubUser | undefined
  readonly requests: SeenRequest[] = []
  readonly tokenRefusals: TokenRefusal[] = []
  readonly issuedCodes: string[] = []
  private readonly grants = new Map<string, Grant>()
  private readonly tokens = new Map<string, { user: GitHubUser; scope: string }>()
  private servers: http.Server[] = []

  constructor(readonly options: StandInOptions) {}

  get webOrigin(): string {
    return `http://127.0.0.1:${this.options.ports.web}`
  }

  get apiOrigin(): string {
    return `http://127.0.0.1:${this.options.ports.api}`
  }

  /** What the preload reads: which real origin goes to which stand-in listener. */
  get preloadMapping(): string {
    return `https://github.com=${this.webOrigin},https://api.github.com=${this.apiOrigin}`
  }

  async start(): Promise<void> {
    const listen = (port: number, handle: http.RequestListener) =>
      new Promise<http.Server>((resolve, reject) => {
        const server = http.createServer(handle)
        server.once('error', reject)
        server.listen(port, '127.0.0.1', () => resolve(server))
      })
    this.servers = [
      await listen(this.options.ports.web, (req, res) => void this.web(req, res)),
      await listen(this.options.ports.api, (req, res) => void this.api(req, res)),
    ]
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          }),
      ),
    )
    this.servers = []
  }

  private async web(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://github.com')
    this.requests.push({ host: 'github.com', method: req.method ?? '', path: url.pathname })
    try {
      if (url.pathname === '/login/oauth/authorize' && req.method === 'GET') {
        return this.consentPage(url.searchParams, res)
      }
      if (url.pathname === '/login/oauth/authorize' && req.method === 'POST') {
        return this.decide(new URLSearchParams(await readBody(req)), res)
      }
      if (url.pathname === '/login/oauth/access_token' && req.method === 'POST') {
        return this.token(req, await readBody(req), res)
      }
      send(res, 404, 'text/plain', 'Not Found')
    } catch (error) {
      send(res, 500, 'text/plain', String(error))
    }
  }

  /** What GitHub shows a signed-in user: the app's request and two buttons. */
  private consentPage(params: URLSearchParams, res: http.ServerResponse): void {
    const problem = this.authorizeProblem(params)
    if (problem) return send(res, problem.status, 'text/html', page(problem.message))
    if (!this.signedIn) return send(res, 500, 'text/plain', 'the test set no GitHub user')
    const hidden = [...params]
      .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
      .join('')
    send(
      res,
      200,
      'text/html',
      page(
        `<h1>Authorize Red Green Repeat</h1>
        <p>Signed in as <strong>${escape(this.signedIn.login)}</strong></p>
        <form method="post" action="/login/oauth/authorize">${hidden}
          <button name="decision" value="authorize">Authorize</button>
          <button name="decision" value="cancel">Cancel</button>
        </form>`,
      ),
    )
  }

  private authorizeProblem(params: URLSearchParams): { status: number; message: string } | null {
    if (params.get('client_id') !== this.options.clientId) {
      return { status: 404, message: 'Not Found: no OAuth app has this client_id.' }
    }
    const redirectUri = params.get('redirect_uri')
    if (redirectUri !== null && !underCallback(redirectUri, this.options.callbackUrl)) {
      return {
        status: 400,
        message: 'The redirect_uri is not associated with this application.',
      }
    }
    if (params.get('response_type') !== 'code') {
      return { status: 400, message: 'response_type must be "code".' }
    }
    if (!params.get('code_challenge') || params.get('code_challenge_method') !== 'S256') {
      return { status: 400, message: 'This stand-in expects a PKCE S256 code_challenge.' }
    }
    return null
  }

  private decide(params: URLSearchParams, res: http.ServerResponse): void {
    const problem = this.authorizeProblem(params)
    if (problem) return send(res, problem.status, 'text/html', page(problem.message))
    const user = this.signedIn
    if (!user) return send(res, 500, 'text/plain', 'the test set no GitHub user')
    const back = new URL(params.get('redirect_uri') ?? this.options.callbackUrl)
    if (params.get('decision') === 'authorize') {
      const code = randomBytes(10).toString('hex')
      this.grants.set(code, {
        clientId: this.options.clientId,
        redirectUri: params.get('redirect_uri') ?? undefined,
        codeChallenge: params.get('code_challenge') ?? '',
        user,
        scope: params.get('scope') ?? '',
        expiresAt: Date.now() + CODE_LIFETIME_MS,
        used: false,
      })
      this.issuedCodes.push(code)
      back.searchParams.set('code', code)
    } else {
      back.searchParams.set('error', 'access_denied')
      back.searchParams.set('error_description', 'The user has denied your application access.')
      back.searchParams.set(
        'error_uri',
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
      )
    }
    const state = params.get('state')
    if (state !== null) back.searchParams.set('state', state)
    res.writeHead(302, { location: back.href }).end()
  }

  private token(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const params = new URLSearchParams(body)
    const basic = clientFromBasic(req.headers.authorization)
    const clientId = basic?.id ?? params.get('client_id')
    const clientSecret = basic?.secret ?? params.get('client_secret')
    const code = params.get('code') ?? undefined
    const refuse = (error: string, description: string) => {
      this.tokenRefusals.push({ error, code })
      answer(req, res, { error, error_description: description })
    }
    if (clientId !== this.options.clientId || clientSecret !== this.options.clientSecret) {
      return refuse(
        'incorrect_client_credentials',
        'The client_id and/or client_secret are incorrect.',
      )
    }
    const grant = code ? this.grants.get(code) : undefined
    if (!grant || grant.used || grant.expiresAt < Date.now()) {
      return refuse('bad_verification_code', 'The code passed is incorrect or expired.')
    }
    // A code is good for one exchange, whether or not that exchange succeeds.
    grant.used = true
    if (grant.redirectUri !== undefined && params.get('redirect_uri') !== grant.redirectUri) {
      return refuse(
        'redirect_uri_mismatch',
        'The redirect_uri MUST match the registered callback URL.',
      )
    }
    const verifier = params.get('code_verifier') ?? ''
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) {
      return refuse('bad_verification_code', 'The code_verifier does not match the code_challenge.')
    }
    const accessToken = `gho_${randomBytes(18).toString('hex')}`
    this.tokens.set(accessToken, { user: grant.user, scope: grant.scope })
    answer(req, res, { access_token: accessToken, token_type: 'bearer', scope: grant.scope })
  }

  private api(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://api.github.com')
    this.requests.push({ host: 'api.github.com', method: req.method ?? '', path: url.pathname })
    const json = (status: number, value: unknown) =>
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
    // GitHub's API refuses requests without a User-Agent.
    if (!req.headers['user-agent']) {
      return json(403, { message: 'Request forbidden by administrative rules.' })
    }
    const token = /^(?:Bearer|token) (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    const grant = token ? this.tokens.get(token) : undefined
    if (!grant) return json(401, { message: 'Bad credentials', status: '401' })
    const { user } = grant
    if (req.method === 'GET' && url.pathname === '/user') {
      return json(200, {
        login: user.login,
        id: user.id,
        node_id: `U_${Buffer.from(String(user.id)).toString('base64url')}`,
        avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
        html_url: `https://github.com/${user.login}`,
        type: 'User',
        name: user.name,
        email: user.publicEmail ? user.email : null,
      })
    }
    if (req.method === 'GET' && url.pathname === '/user/emails') {
      if (!grant.scope.split(/[ ,]+/).some((s) => s === 'user:email' || s === 'user')) {
        return json(404, { message: 'Not Found', status: '404' })
      }
      return json(200, [
        {
          email: user.email,
          primary: true,
          verified: true,
          visibility: user.publicEmail ? 'public' : 'private',
        },
      ])
    }
    json(404, { message: 'Not Found', status: '404' })
  }
}

/** GitHub's rule: same host and port as the callback URL, and a path at or under its path. */
function underCallback(redirectUri: string, callbackUrl: string): boolean {
  let given: URL
  try {
    given = new URL(redirectUri)
  } catch {
    return false
  }
  const registered = new URL(callbackUrl)
  if (given.origin !== registered.origin) return false
  const base = registered.pathname.replace(/\/$/, '')
  return given.pathname === registered.pathname || given.pathname.startsWith(`${base}/`)
}

function clientFromBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic (\S+)$/i.exec(header ?? '')
  if (!match?.[1]) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString()
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  // RFC 6749 2.3.1: both parts are form-urlencoded before the Basic encoding.
  const part = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
  return { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) }
}

/** GitHub answers the token endpoint in JSON when asked to, else form-encoded; errors too, with 200. */
function answer(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, string>) {
  if ((req.headers.accept ?? '').includes('application/json')) {
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body))
  } else {
    send(res, 200, 'application/x-www-form-urlencoded', new URLSearchParams(body).toString())
  }
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > 100_000) req.destroy(new Error('body too large'))
    })
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (content: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GitHub (test stand-in)</title></head><body><main>${content}</main></body></html>`
