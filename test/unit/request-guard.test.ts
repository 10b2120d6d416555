import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refuseUnknownMethods } from '@/lib/http/method-guard'
import {
  MAX_POST_BYTES,
  isWellFormedMultipart,
  readBodyUpTo,
  refuseMethod,
  refusePost,
} from '@/lib/http/request-guard'
import { MALFORMED_MULTIPART, parts } from '../support/malformed-multipart'

const headers = (values: Record<string, string>) => ({
  get: (name: string) => values[name.toLowerCase()] ?? null,
})
const FORM = 'multipart/form-data; boundary=x'

describe('refusePost', () => {
  it.each([
    ['application/json', 415],
    ['text/plain;charset=UTF-8', 415],
    ['text/plain', 415],
    ['', 415],
    ['application/xml', 415],
  ])('refuses a post of type %j with %i', (type, status) => {
    expect(refusePost(headers(type ? { 'content-type': type } : {}))?.status).toBe(status)
  })

  it('accepts the two form encodings', () => {
    expect(refusePost(headers({ 'content-type': FORM }))).toBeUndefined()
    expect(
      refusePost(headers({ 'content-type': 'application/x-www-form-urlencoded' })),
    ).toBeUndefined()
  })

  it('refuses a declared length over the actions’ own 16 KiB limit', () => {
    const over = String(MAX_POST_BYTES + 1)
    expect(refusePost(headers({ 'content-type': FORM, 'content-length': over }))?.status).toBe(413)
    expect(MAX_POST_BYTES).toBe(16 * 1024)
  })

  it('refuses a foreign Origin, and a null one unless the browser says the post is same-origin', () => {
    const post = (more: Record<string, string>) =>
      refusePost(headers({ 'content-type': FORM, host: 'blog.test', ...more }))?.status
    expect(post({ origin: 'http://blog.test' })).toBeUndefined()
    expect(post({})).toBeUndefined()
    expect(post({ origin: 'https://elsewhere.test' })).toBe(403)
    expect(post({ origin: 'not a url' })).toBe(403)
    // A page with Referrer-Policy: no-referrer posts its own forms with Origin: null.
    expect(post({ origin: 'null', 'sec-fetch-site': 'same-origin' })).toBeUndefined()
    expect(post({ origin: 'null' })).toBe(403)
    expect(post({ origin: 'null', 'sec-fetch-site': 'cross-site' })).toBe(403)
    expect(post({ origin: 'null', 'sec-fetch-site': 'same-site' })).toBe(403)
    expect(post({ origin: 'https://elsewhere.test', 'sec-fetch-site': 'same-origin' })).toBe(403)
  })

  it.each(['TRACE', 'TRACK', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'FOO'])(
    'refuses the method %s',
    (method) => {
      expect(refuseMethod(method)?.status).toBe(405)
    },
  )

  it.each(['GET', 'HEAD', 'POST'])('allows %s', (method) => {
    expect(refuseMethod(method)).toBeUndefined()
  })
})

describe('isWellFormedMultipart (the proxy’s check of every multipart POST)', () => {
  const boundary = '----formBoundary7MA4YWxk'
  const type = `multipart/form-data; boundary=${boundary}`
  const bytes = (text: string) => new TextEncoder().encode(text)
  // What a real form sends: the reader form's fields, as a browser encodes them.
  const fields = parts(
    [
      ['$ACTION_REF_1', ''],
      ['postSlug', 'writing-about-failures'],
      ['url', 'https://example.com/story'],
      ['note', 'Line one\r\nline two, with --dashes-- and "quotes"'],
    ],
    boundary,
  )

  it('accepts a well-formed form, with or without a final CRLF, and a quoted boundary', async () => {
    expect(await isWellFormedMultipart(bytes(`${fields}--${boundary}--\r\n`), type)).toBe(true)
    expect(await isWellFormedMultipart(bytes(`${fields}--${boundary}--`), type)).toBe(true)
    const quoted = `multipart/form-data; boundary="${boundary}"`
    expect(await isWellFormedMultipart(bytes(`${fields}--${boundary}--`), quoted)).toBe(true)
  })

  it('has at least 20 malformed cases', () => {
    expect(MALFORMED_MULTIPART.length).toBeGreaterThanOrEqual(20)
  })

  it.each(MALFORMED_MULTIPART.map((c) => [c.name, c] as const))('refuses: %s', async (_, c) => {
    expect(await isWellFormedMultipart(bytes(c.body(boundary, fields)), type)).toBe(false)
  })

  it('refuses a body whose parts use another boundary than the Content-Type declares', async () => {
    const other = parts([['url', 'x']], 'other') + '--other--\r\n'
    expect(await isWellFormedMultipart(bytes(other), type)).toBe(false)
  })
})

describe('readBodyUpTo', () => {
  const stream = (sizes: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of sizes) controller.enqueue(new Uint8Array(size).fill(97))
        controller.close()
      },
    })

  it('reads a body within the limit, whatever its chunks', async () => {
    expect((await readBodyUpTo(stream([3, 4, 5]), 12))?.byteLength).toBe(12)
  })

  it('stops past the limit', async () => {
    expect(await readBodyUpTo(stream([10, 10, 10]), 15)).toBeUndefined()
  })

  // A branch of a teed stream cannot finish cancelling until the other branch does.
  it('does not hang on one branch of a teed stream', async () => {
    const [mine] = stream([10, 10, 10]).tee()
    expect(await readBodyUpTo(mine, 15)).toBeUndefined()
  })
})

describe('refuseUnknownMethods (next start)', () => {
  let server: http.Server
  let port = 0
  beforeAll(async () => {
    refuseUnknownMethods()
    server = http.createServer((_req, res) => res.end('served'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  const send = (method: string) =>
    new Promise<http.IncomingMessage & { body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method, path: '/' }, (response) => {
        let body = ''
        response.on('data', (c: Buffer) => (body += c.toString()))
        response.on('end', () => resolve(Object.assign(response, { body })))
      })
      request.on('error', reject)
      request.end()
    })

  // Issue 12: TRACE / answered 500 without the security headers.
  it.each(['TRACE', 'PUT', 'DELETE', 'OPTIONS'])(
    'answers %s with 405 and the security headers',
    async (method) => {
      const response = await send(method)
      expect(response.statusCode).toBe(405)
      expect(response.headers.allow).toBe('GET, HEAD, POST')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['x-frame-options']).toBe('DENY')
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
      // Issue 21: the 405 had no HSTS.
      expect(response.headers['strict-transport-security']).toBe(
        'max-age=63072000; includeSubDomains',
      )
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
      expect(response.headers['permissions-policy']).toContain('camera=()')
      expect(response.body).not.toContain('served')
    },
  )

  it('passes GET and POST through', async () => {
    expect((await send('GET')).body).toBe('served')
    expect((await send('POST')).body).toBe('served')
  })
})
