/**
 * Hostile and broken HTTP against a running server (PostgreSQL through the
 * production driver, so the data can be fingerprinted while it runs): oversized
 * bodies, malformed multipart, unknown action ids, a foreign Origin, a
 * mismatched Host, and the moderation action without a session.
 *
 * For each: no 500 with a stack trace or a server path in it, no change to the
 * data, and the server keeps serving. Separately, each is answered with a 4xx
 * (the client's fault; proxy.ts refuses what Next would answer 500). Every
 * observed status is recorded as an annotation ("status") and printed at the end.
 */
import { expect, test } from '@playwright/test'
import { AppServer, attachOutputsOnFailure } from '../../test/support/app-server'
import {
  createPostgresDatabase,
  startWsProxy,
  type PostgresDatabase,
  type WsProxy,
} from '../../test/support/databases'
import {
  FORM_POST,
  loadActionForm,
  multipart as encodeMultipart,
  signInAsAuthor,
  submitLink,
  uniqueUrl,
  type ActionForm,
} from '../../test/support/form-client'
import { MALFORMED_MULTIPART, parts } from '../../test/support/malformed-multipart'
import { ROOT } from '../../test/support/paths'
import { actionId, rawRequest, type RawResponse } from '../../test/support/raw-http'

test.describe.configure({ mode: 'serial' })

const BOUNDARY = '----resilienceBoundary7MA4YWxkTrZu0gW'
const MB = 1024 * 1024

/** A POST with full control of the headers and bytes (test/support/raw-http.ts). */
const post = (requestPath: string, headers: Record<string, string>, body: Buffer) =>
  rawRequest({ port: (server as AppServer).port, method: 'POST', path: requestPath, headers, body })

function multipart(fields: [string, string][], boundary = BOUNDARY): Buffer {
  return encodeMultipart(fields, boundary).body
}

const formHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
  origin: (server as AppServer).baseUrl,
  accept: 'text/html',
  'x-forwarded-for': '10.40.0.1',
  ...extra,
})

/** Headers of the request React sends when JavaScript runs the action. */
const actionHeaders = (actionId: string, extra: Record<string, string> = {}) =>
  formHeaders({ 'next-action': actionId, accept: 'text/x-component', ...extra })

/** The ids the build gave the two actions (the same ids the pages carry). */
const actionIds = () => ({
  submit: actionId('submitLinkAction'),
  moderate: actionId('moderateAction'),
})

const INITIAL_STATE = JSON.stringify({
  status: 'idle',
  message: '',
  fieldErrors: {},
  values: { url: '', title: '', name: '', note: '' },
})

/** The no-JavaScript form post, with the page's hidden inputs. */
function noScriptFields(form: ActionForm, note = 'A short note.'): [string, string][] {
  return [
    ...form.fields,
    ['url', uniqueUrl('hostile')],
    ['title', 'Hostile'],
    ['name', ''],
    ['homepage', ''],
    ['note', note],
  ]
}

/** The body React's encodeReply builds for submitLinkAction(previousState, formData). */
function actionFields(note = 'A short note.'): [string, string][] {
  return [
    ['_1_postSlug', 'writing-about-failures'],
    ['_1_url', uniqueUrl('hostile-js')],
    ['_1_title', 'Hostile'],
    ['_1_name', ''],
    ['_1_homepage', ''],
    ['_1_note', note],
    ['0', `[${INITIAL_STATE},"$K1"]`],
  ]
}

type Case = {
  name: string
  request: () => Promise<RawResponse>
  /** Also acceptable instead of a 4xx (a redirect to sign in, for the admin area). */
  alsoAcceptable?: (response: RawResponse) => boolean
}

let proxy: WsProxy | undefined
let database: PostgresDatabase | undefined
let server: AppServer | undefined
let form: ActionForm
let ids: { submit: string; moderate: string }
let submissionId = ''
const observed: { name: string; status: number; detail: string }[] = []
const responses = new Map<string, RawResponse>()

test.beforeAll(async () => {
  test.setTimeout(120_000)
  ids = actionIds()
  proxy = await startWsProxy()
  database = await createPostgresDatabase('hostile', { wsProxy: proxy.address })
  server = new AppServer({ postgresUrl: database.url, wsProxy: proxy.address })
  await server.start()
  form = await loadActionForm(server.baseUrl)
})

test.afterEach(async ({}, testInfo) => attachOutputsOnFailure(testInfo, [server]))

test.afterAll(async () => {
  console.log(
    `hostile requests, status observed:\n${observed.map((o) => `  ${String(o.status).padStart(3)}  ${o.name}  ${o.detail}`).join('\n')}`,
  )
  await server?.stop('SIGKILL')
  await proxy?.close()
  await database?.drop()
})

const db = () => database as PostgresDatabase

/** Everything a request could change: every submission column and every rate-limit hit. */
async function fingerprint(): Promise<string> {
  return db().scalar(
    `select (select count(*) from submissions) || ' submissions ' ||
            coalesce((select md5(string_agg(s::text, '|' order by id)) from submissions s), '-') || ' ' ||
            (select count(*) from rate_limit_hits) || ' hits ' ||
            coalesce((select md5(string_agg(h::text, '|' order by id)) from rate_limit_hits h), '-')`,
  )
}

/** A stack frame, or a path of the server's files, in a response body. */
function leaks(body: string): string[] {
  const found: string[] = []
  if (/^\s*at .+:\d+:\d+\)?$/m.test(body) || /\bat [\w.<>$]+ \(.+:\d+:\d+\)/.test(body)) {
    found.push('stack frame')
  }
  for (const marker of [ROOT, '/work/', '.next/server', 'node_modules/']) {
    if (body.includes(marker)) found.push(marker)
  }
  return found
}

test('controls: well-formed requests of both kinds are accepted (so the variants below differ only in what is wrong with them)', async () => {
  const page = await submitLink(
    (server as AppServer).baseUrl,
    form,
    { url: uniqueUrl('control') },
    { ip: '10.40.0.2' },
  )
  expect(page.outcome).toBe('received')
  const js = await post(
    FORM_POST,
    actionHeaders(ids.submit, { 'x-forwarded-for': '10.40.0.3' }),
    multipart(actionFields()),
  )
  expect(js.status).toBe(200)
  expect(js.body).toContain('has been received')
  submissionId = await db().scalar('select min(id) from submissions')
  expect(await db().scalar('select count(*) from submissions')).toBe('2')
})

const cases: Case[] = [
  {
    name: '1 MB no-JavaScript form post (bodySizeLimit is 16kb)',
    request: () => post(FORM_POST, formHeaders(), multipart(noScriptFields(form, 'a'.repeat(MB)))),
  },
  {
    name: '1 MB action call with a valid Next-Action header',
    request: () =>
      post(FORM_POST, actionHeaders(ids.submit), multipart(actionFields('a'.repeat(MB)))),
  },
  {
    name: '10 MB no-JavaScript form post',
    request: () =>
      post(FORM_POST, formHeaders(), multipart(noScriptFields(form, 'a'.repeat(10 * MB)))),
  },
  {
    name: '10 MB action call with a valid Next-Action header',
    request: () =>
      post(FORM_POST, actionHeaders(ids.submit), multipart(actionFields('a'.repeat(10 * MB)))),
  },
  {
    name: 'multipart whose parts use another boundary than the Content-Type declares',
    request: () =>
      post(FORM_POST, formHeaders(), multipart(noScriptFields(form), 'someOtherBoundary')),
  },
  {
    name: 'truncated multipart (cut mid-part, no closing boundary)',
    request: () => {
      const full = multipart(noScriptFields(form))
      return post(FORM_POST, formHeaders(), full.subarray(0, Math.floor(full.length * 0.6)))
    },
  },
  {
    name: 'Next-Action header with an id the build does not have',
    request: () => post(FORM_POST, actionHeaders('7f'.repeat(21)), multipart(actionFields())),
  },
  {
    name: 'no-JavaScript form post naming an action id the build does not have',
    request: () =>
      post(
        FORM_POST,
        formHeaders(),
        multipart(
          noScriptFields(form).map(([name, value]): [string, string] => [
            name,
            value.replace(ids.submit, 'c3'.repeat(21)),
          ]),
        ),
      ),
  },
  {
    name: 'no-JavaScript form post from a foreign Origin (https://evil.example.org)',
    request: () =>
      post(
        FORM_POST,
        formHeaders({ origin: 'https://evil.example.org' }),
        multipart(noScriptFields(form)),
      ),
  },
  {
    name: 'action call from a foreign Origin (https://evil.example.org)',
    request: () =>
      post(
        FORM_POST,
        actionHeaders(ids.submit, { origin: 'https://evil.example.org' }),
        multipart(actionFields()),
      ),
  },
  {
    name: 'form post whose Host (evil.example.org) does not match its Origin',
    request: () =>
      post(FORM_POST, formHeaders({ host: 'evil.example.org' }), multipart(noScriptFields(form))),
  },
  {
    name: 'form post whose X-Forwarded-Host (evil.example.org) does not match its Origin',
    request: () =>
      post(
        FORM_POST,
        formHeaders({ 'x-forwarded-host': 'evil.example.org' }),
        multipart(noScriptFields(form)),
      ),
  },
  {
    name: 'moderation action (delete) without a session, as a no-JavaScript form post to /admin',
    request: async () =>
      post('/admin', formHeaders(), multipart(await moderationFormFields('delete'))),
    alsoAcceptable: (r) => r.status === 307 && /^\/signin\b/.test(String(r.headers.location)),
  },
  {
    name: 'moderation action (delete) without a session, as an action call to /admin',
    request: () => post('/admin', actionHeaders(ids.moderate), moderationCall('delete')),
    alsoAcceptable: (r) => r.status === 307 && /^\/signin\b/.test(String(r.headers.location)),
  },
  {
    name: 'moderation action (approve) with a forged session cookie, as an action call to /admin',
    request: () =>
      post(
        '/admin',
        actionHeaders(ids.moderate, { cookie: 'authjs.session-token=forged' }),
        moderationCall('approve'),
      ),
  },
  {
    name: 'moderation action (delete) with a forged session cookie, as a no-JavaScript form post to /admin',
    request: async () =>
      post(
        '/admin',
        formHeaders({ cookie: 'authjs.session-token=forged' }),
        multipart(await moderationFormFields('delete')),
      ),
  },
  {
    name: 'moderation action (delete) without a session, sent to a public page (past proxy.ts)',
    request: () => post(FORM_POST, actionHeaders(ids.moderate), moderationCall('delete')),
    // Next runs the action on the page it was posted to and returns the guard's
    // 401 inside the action payload with HTTP 200: still refused, nothing changes.
    alsoAcceptable: (r) => r.status === 200 && r.body.includes('NEXT_HTTP_ERROR_FALLBACK;401'),
  },
]

let moderationForm: ActionForm | undefined

/**
 * The no-JavaScript moderation form post: the hidden inputs of a moderation form
 * as the signed-in author's page renders them (they are the same for everyone;
 * the requests below then go without the session), the row's id and the intent.
 */
async function moderationFormFields(intent: string): Promise<[string, string][]> {
  const base = (server as AppServer).baseUrl
  moderationForm ??= await loadActionForm(base, '/admin', {
    field: 'ids',
    cookie: await signInAsAuthor(base),
  })
  return [
    ...moderationForm.fields.filter(([name]) => name !== 'ids'),
    ['intent', intent],
    ['ids', submissionId],
  ]
}

function moderationCall(intent: string): Buffer {
  return multipart([
    ['_1_intent', intent],
    ['_1_ids', submissionId],
    ['0', `[${JSON.stringify({ message: '', error: false })},"$K1"]`],
  ])
}

for (const hostile of cases) {
  test(`${hostile.name}: no stack trace, no data change, server still up`, async () => {
    test.setTimeout(120_000)
    const before = await fingerprint()
    const response = await hostile.request()
    responses.set(hostile.name, response)
    const detail =
      `${response.error ?? ''} ${response.headers['content-type'] ?? ''} ${response.headers.location ?? ''} ${JSON.stringify(response.body.slice(0, 80))}`.trim()
    observed.push({ name: hostile.name, status: response.status, detail })
    test.info().annotations.push({ type: 'status', description: `${response.status} ${detail}` })

    expect(leaks(response.body), `what the body reveals (HTTP ${response.status})`).toEqual([])
    if (response.status === 0) {
      // Only an oversized upload may be cut off instead of answered.
      expect(hostile.name).toMatch(/MB/)
      expect(response.error).toMatch(/ECONNRESET|EPIPE/)
    }
    expect(await fingerprint(), 'the data').toBe(before)
    const health = await fetch(`${(server as AppServer).baseUrl}/about`)
    expect(health.status).toBe(200)
  })

  test(`${hostile.name}: answered with a 4xx`, async () => {
    const response = responses.get(hostile.name)
    expect(response, 'the request was sent by the previous test').toBeDefined()
    const { status } = response as RawResponse
    const acceptable =
      (status >= 400 && status < 500) || hostile.alsoAcceptable?.(response as RawResponse) === true
    expect(acceptable, `HTTP ${status}`).toBe(true)
  })
}

/** The security headers next.config.mjs promises on every answer, refusals included. */
function expectSecurityHeaders(response: RawResponse, what: string): void {
  const h = response.headers
  expect(h['strict-transport-security'], `${what}: HSTS`).toContain('max-age=')
  expect(h['x-content-type-options'], `${what}: nosniff`).toBe('nosniff')
  expect(h['x-frame-options'], `${what}: framing`).toBe('DENY')
  expect(h['content-security-policy'], `${what}: CSP`).toContain("frame-ancestors 'none'")
  expect(h['referrer-policy'], `${what}: referrer`).toBe('strict-origin-when-cross-origin')
}

// Issue 21, finding 10: outer boundaries fine, inside broken; each was a 500.
// Sent to a page (the no-JavaScript form post) and to an action (a Next-Action
// call), each with the real fields of that request first.
for (const malformed of MALFORMED_MULTIPART) {
  test(`malformed multipart (${malformed.name}) to a page and to an action: 4xx with the security headers, no change`, async () => {
    const before = await fingerprint()
    const targets = [
      {
        what: 'page',
        headers: formHeaders(),
        body: malformed.body(BOUNDARY, parts(noScriptFields(form), BOUNDARY)),
      },
      {
        what: 'action',
        headers: actionHeaders(ids.submit),
        body: malformed.body(BOUNDARY, parts(actionFields(), BOUNDARY)),
      },
    ]
    for (const target of targets) {
      const response = await post(FORM_POST, target.headers, Buffer.from(target.body))
      observed.push({
        name: `malformed multipart, ${target.what}: ${malformed.name}`,
        status: response.status,
        detail: JSON.stringify(response.body.slice(0, 60)),
      })
      expect(
        response.status,
        `${target.what}: ${response.body.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(400)
      expect(response.status, target.what).toBeLessThan(500)
      expectSecurityHeaders(response, target.what)
      expect(leaks(response.body)).toEqual([])
    }
    expect(await fingerprint(), 'the data').toBe(before)
  })
}

test('an action id the build does not have, in a well-formed body, as a header or in the form: 404 (or 400 when it is no id at all) with the security headers', async () => {
  const withId = (id: string) =>
    multipart(
      noScriptFields(form).map(([name, value]): [string, string] => [
        name,
        value.replace(ids.submit, id),
      ]),
    )
  const unknown = [
    // The shape of a real id: proxy.ts answers 404 (Next alone would say 409 "Server Action unavailable").
    {
      what: 'well-formed unknown id',
      headers: actionHeaders('7f'.repeat(21)),
      body: multipart(actionFields()),
      status: 404,
    },
    // Not an id at all.
    {
      what: 'malformed id',
      headers: actionHeaders('not-an-action-id'),
      body: multipart(actionFields()),
      status: 400,
    },
    // The same, named in the fields of a form posted without JavaScript.
    {
      what: 'well-formed unknown id, no JavaScript',
      headers: formHeaders(),
      body: withId('c3'.repeat(21)),
      status: 404,
    },
    {
      what: 'malformed id, no JavaScript',
      headers: formHeaders(),
      body: withId('not-an-action-id'),
      status: 400,
    },
  ]
  expect(form.fields.some(([, value]) => value.includes(ids.submit))).toBe(true)
  for (const { what, headers, body, status } of unknown) {
    const before = await fingerprint()
    const response = await post(FORM_POST, headers, body)
    observed.push({
      name: `action id: ${what}`,
      status: response.status,
      detail: JSON.stringify(response.body.slice(0, 60)),
    })
    expect(response.status, `${what}: ${response.body.slice(0, 200)}`).toBe(status)
    expect(response.headers['content-type'], what).toMatch(/^text\/plain\b/)
    expect(response.body.length, what).toBeLessThan(200)
    expectSecurityHeaders(response, what)
    expect(await fingerprint(), `${what}: the data`).toBe(before)
  }
  // A real id still reaches its action through the same check: see the controls test.
})

test('refusals carry the security headers too: 405, 413, 415, 403', async () => {
  const answers = await Promise.all([
    rawRequest({ port: (server as AppServer).port, method: 'PUT', path: '/' }),
    post(FORM_POST, formHeaders(), multipart(noScriptFields(form, 'a'.repeat(20_000)))),
    post(FORM_POST, formHeaders({ 'content-type': 'application/json' }), Buffer.from('{}')),
    post(
      FORM_POST,
      formHeaders({ origin: 'https://evil.example.org' }),
      multipart(noScriptFields(form)),
    ),
  ])
  expect(answers.map((a) => a.status)).toEqual([405, 413, 415, 403])
  for (const answer of answers) expectSecurityHeaders(answer, String(answer.status))
})

test('after all that, the server still takes a reader’s link and nothing else was stored', async () => {
  const answer = await submitLink(
    (server as AppServer).baseUrl,
    form,
    { url: uniqueUrl('after-hostile') },
    { ip: '10.40.0.9' },
  )
  expect(answer.outcome).toBe('received')
  expect(await db().scalar('select count(*) from submissions')).toBe('3')
  expect(await db().scalar('select count(*) from rate_limit_hits')).toBe('3')
  expect(await db().scalar("select count(*) from submissions where status <> 'pending'")).toBe('0')
  expect((server as AppServer).output).not.toMatch(/uncaughtException|unhandledRejection|FATAL/i)
})
