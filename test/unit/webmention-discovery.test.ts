import type http from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseOutboundAllow } from '@/lib/net/outbound-allow'
import type { Resolver, SafeFetchOptions } from '@/lib/net/safe-fetch'
import { endpointFromHtml, endpointFromLinkHeaders } from '@/lib/webmention/send/discover'
import { sendWebmention } from '@/lib/webmention/send/send'
import { startStandIn, type Route, type StandIn } from '../support/stand-in-server'

/*
 * Our sender against a local receiver that advertises its endpoint each of the
 * ways W3C Webmention 3.1.2 allows, one page per discovery test of
 * webmention.rocks (aaronpk/webmention.rocks, lib/Rocks/DiscoveryTestData.php),
 * rebuilt on 127.0.0.1. As there, each page also advertises wrong endpoints
 * (".../error") where a careless sender would find them: a case passes when the
 * right endpoint got exactly one form-encoded POST and no wrong one got any.
 */

type Posted = { method: string; url: string; contentType: string; body: string }

let site: StandIn
let base: string
const posted = new Map<string, Posted[]>()
const SOURCE = 'https://redgreenrepeat.dev/posts/writing-about-failures'

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => resolve(body))
  })

/** A receiving endpoint at `path`: records what it got and answers `status`. */
function endpoint(path: string, status = 202, headers: Record<string, string> = {}) {
  site.routes.set(path, (req, res) => {
    void readBody(req).then((body) => {
      const list = posted.get(path) ?? []
      list.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body,
      })
      posted.set(path, list)
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end('ok')
    })
  })
}

type Case = {
  n: number
  name: string
  /** Header name → value(s). */
  headers?: Record<string, string | string[]>
  head?: string
  body?: string
  /** The endpoint a correct sender posts to, as a path on the stand-in. */
  expected: string
}

/** The discovery cases of webmention.rocks, in its numbering. */
const cases = (): Case[] => [
  {
    n: 1,
    name: 'HTTP Link header, unquoted rel, relative URL',
    headers: { Link: '</test/1/webmention>; rel=webmention' },
    expected: '/test/1/webmention',
  },
  {
    n: 2,
    name: 'HTTP Link header, unquoted rel, absolute URL',
    headers: { Link: `<${base}test/2/webmention>; rel=webmention` },
    expected: '/test/2/webmention',
  },
  {
    n: 3,
    name: 'HTML <link> tag, relative URL',
    head: '<link rel="webmention" href="/test/3/webmention">',
    expected: '/test/3/webmention',
  },
  {
    n: 4,
    name: 'HTML <link> tag, absolute URL',
    head: `<link href="${base}test/4/webmention" rel="webmention">`,
    expected: '/test/4/webmention',
  },
  {
    n: 5,
    name: 'HTML <a> tag, relative URL',
    body: 'This post has an <a rel="webmention" href="/test/5/webmention">endpoint</a>.',
    expected: '/test/5/webmention',
  },
  {
    n: 6,
    name: 'HTML <a> tag, absolute URL',
    body: `This post has an <a href="${base}test/6/webmention" rel="webmention">endpoint</a>.`,
    expected: '/test/6/webmention',
  },
  {
    n: 7,
    name: 'HTTP Link header with strange casing',
    headers: { LinK: `<${base}test/7/webmention>; rel=webmention` },
    expected: '/test/7/webmention',
  },
  {
    n: 8,
    name: 'HTTP Link header, quoted rel',
    headers: { Link: `<${base}test/8/webmention>; rel="webmention"` },
    expected: '/test/8/webmention',
  },
  {
    n: 9,
    name: 'Multiple rel values on a <link> tag',
    head: `<link rel="webmention somethingelse" href="${base}test/9/webmention">`,
    expected: '/test/9/webmention',
  },
  {
    n: 10,
    name: 'Multiple rel values on a Link header',
    headers: { Link: `<${base}test/10/webmention>; rel="webmention somethingelse"` },
    expected: '/test/10/webmention',
  },
  {
    n: 11,
    name: 'Multiple endpoints advertised: Link, <link>, <a>',
    headers: { Link: '</test/11/webmention>; rel="webmention"' },
    head: '<link rel="webmention" href="/test/11/webmention/error">',
    body: 'And an <a href="/test/11/webmention/error" rel="webmention">a tag</a>.',
    expected: '/test/11/webmention',
  },
  {
    n: 12,
    name: 'Checking for exact match of rel=webmention',
    head: '<link rel="not-webmention" href="/test/12/webmention/error">',
    body: 'The <a href="/test/12/webmention" rel="webmention">right endpoint</a>.',
    expected: '/test/12/webmention',
  },
  {
    n: 13,
    name: 'False endpoint inside an HTML comment',
    body:
      'A comment <!-- <a href="/test/13/webmention/error" rel="webmention"></a> --> and the ' +
      '<a href="/test/13/webmention" rel="webmention">right endpoint</a>.',
    expected: '/test/13/webmention',
  },
  {
    n: 14,
    name: 'False endpoint in escaped HTML',
    body:
      'Sample code <code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;&lt;/a&gt;</code> ' +
      'and the <a href="/test/14/webmention" rel="webmention">right endpoint</a>.',
    expected: '/test/14/webmention',
  },
  {
    n: 15,
    name: 'Webmention href is an empty string',
    head: '<link rel="webmention" href="">',
    expected: '/test/15',
  },
  {
    n: 16,
    name: 'Multiple endpoints advertised: <a>, <link>',
    body:
      'First an <a href="/test/16/webmention" rel="webmention">a tag</a>, then ' +
      '<link rel="webmention" href="/test/16/webmention/error">',
    expected: '/test/16/webmention',
  },
  {
    n: 17,
    name: 'Multiple endpoints advertised: <link>, <a>',
    body:
      'First <link rel="webmention" href="/test/17/webmention"> then an ' +
      '<a href="/test/17/webmention/error" rel="webmention">a tag</a>.',
    expected: '/test/17/webmention',
  },
  {
    n: 18,
    name: 'Multiple HTTP Link headers',
    headers: {
      Link: [
        `<${base}test/18/webmention/error>; rel="other"`,
        `<${base}test/18/webmention>; rel="webmention"`,
      ],
    },
    expected: '/test/18/webmention',
  },
  {
    n: 19,
    name: 'Single HTTP Link header with multiple values',
    headers: {
      Link: `<${base}test/19/webmention/error>; rel="other", <${base}test/19/webmention>; rel="webmention"`,
    },
    expected: '/test/19/webmention',
  },
  {
    n: 20,
    name: 'Link tag with no href attribute',
    body:
      'A <link rel="webmention"> without href, then ' +
      '<a href="/test/20/webmention" rel="webmention">this endpoint</a>.',
    expected: '/test/20/webmention',
  },
  {
    n: 21,
    name: 'Webmention endpoint has query string parameters',
    head: '<link rel="webmention" href="/test/21/webmention?query=yes">',
    expected: '/test/21/webmention',
  },
  {
    n: 22,
    name: 'Webmention endpoint is relative to the path',
    head: '<link rel="webmention" href="22/webmention">',
    expected: '/test/22/webmention',
  },
]

function page(c: Case): string {
  return `<!doctype html><html><head><title>Discovery Test #${c.n}</title>${c.head ?? ''}</head>
    <body><div class="h-entry"><h1 class="p-name">Discovery Test #${c.n}</h1>
    <div class="e-content">${c.body ?? 'Nothing to see in the text.'}</div></div></body></html>`
}

const allowed = (): SafeFetchOptions => ({
  allow: parseOutboundAllow(site.target),
  allowOnly: true,
})

beforeAll(async () => {
  site = await startStandIn()
  base = `${site.origin}/`
  for (const c of cases()) {
    const pageRoute: Route = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...c.headers }).end(page(c))
    }
    site.routes.set(`/test/${c.n}`, pageRoute)
    endpoint(`/test/${c.n}/webmention/error`, 400)
    if (c.expected === `/test/${c.n}`) {
      // Test 15: the page is its own endpoint: HTML to a GET, 202 to the Webmention.
      endpoint(c.expected)
      const endpointRoute = site.routes.get(c.expected)!
      site.routes.set(c.expected, (req, res) =>
        req.method === 'POST' ? endpointRoute(req, res) : pageRoute(req, res),
      )
      continue
    }
    // Every success counts: 200, 201 (with a status page) and 202.
    const status = [200, 201, 202][c.n % 3]!
    endpoint(c.expected, status, status === 201 ? { location: `${base}status/${c.n}` } : {})
  }

  // Test 23: the target redirects to a page that may be fetched once, whose
  // endpoint is relative to where the redirect led.
  let key = 0
  const used = new Set<string>()
  site.routes.set('/test/23/page', (_req, res) => {
    key++
    res.writeHead(302, { location: `page/k${key}` }).end()
  })
  for (let k = 1; k <= 3; k++) {
    site.routes.set(`/test/23/page/k${k}`, (_req, res) => {
      if (used.has(`k${k}`)) return res.writeHead(410).end('Code expired')
      used.add(`k${k}`)
      res
        .writeHead(200, {
          'content-type': 'text/html',
          link: `<webmention-endpoint/k${k}>; rel=webmention`,
        })
        .end(`<p><a rel="webmention" href="webmention-endpoint/k${k}">webmention endpoint</a></p>`)
    })
    endpoint(`/test/23/page/webmention-endpoint/k${k}`)
  }
})

afterAll(async () => {
  await site?.close()
})

beforeEach(() => {
  posted.clear()
})

describe('webmention.rocks discovery cases, against a local stand-in', () => {
  it.each(Array.from({ length: 22 }, (_, i) => i + 1))('test %i', async (n) => {
    const c = cases().find((x) => x.n === n)!
    const target = `${base}test/${n}`
    const attempt = await sendWebmention(SOURCE, target, allowed())
    expect(attempt, c.name).toMatchObject({ outcome: 'sent', retry: false })
    expect(new URL(attempt.endpoint!).pathname).toBe(c.expected)
    const got = posted.get(c.expected) ?? []
    expect(got).toHaveLength(1)
    expect(got[0]!.method).toBe('POST')
    expect(got[0]!.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    expect(Object.fromEntries(new URLSearchParams(got[0]!.body))).toEqual({
      source: SOURCE,
      target,
    })
    if (n === 21) {
      // The query string stays in the URL and nowhere else.
      expect(got[0]!.url).toBe('/test/21/webmention?query=yes')
      expect(attempt.endpoint).toBe(`${base}test/21/webmention?query=yes`)
    }
    expect(posted.get(`/test/${n}/webmention/error`)).toBeUndefined()
    expect([...posted.keys()]).toEqual([c.expected])
  })

  it('test 23: a redirected target, its endpoint relative to the page the redirect led to', async () => {
    const target = `${base}test/23/page`
    const attempt = await sendWebmention(SOURCE, target, allowed())
    expect(attempt).toMatchObject({ outcome: 'sent' })
    expect(attempt.endpoint).toBe(`${base}test/23/page/webmention-endpoint/k1`)
    // The one-time page was fetched once, and the Webmention names the target as given.
    expect(site.hits.filter((h) => h.path === '/test/23/page/k1')).toHaveLength(1)
    const got = posted.get('/test/23/page/webmention-endpoint/k1') ?? []
    expect(Object.fromEntries(new URLSearchParams(got[0]!.body))).toEqual({
      source: SOURCE,
      target,
    })
  })
})

describe('what an attempt comes to', () => {
  it('no endpoint advertised: no-endpoint, final', async () => {
    site.routes.set('/plain', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>No endpoint here.</p>')
    })
    expect(await sendWebmention(SOURCE, `${base}plain`, allowed())).toEqual({
      outcome: 'no-endpoint',
      endpoint: null,
      httpStatus: 200,
      detail: 'the target advertises no Webmention endpoint',
      retry: false,
    })
  })

  it('an endpoint answering 5xx fails and is retried; a 4xx fails for good', async () => {
    for (const [status, retry] of [
      [503, true],
      [429, true],
      [400, false],
      [404, false],
    ] as const) {
      endpoint(`/wm-${status}`, status)
      site.routes.set(`/target-${status}`, (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html', link: `</wm-${status}>; rel=webmention` })
          .end('<p>Hello</p>')
      })
      expect(await sendWebmention(SOURCE, `${base}target-${status}`, allowed())).toMatchObject({
        outcome: 'failed',
        endpoint: `${base}wm-${status}`,
        httpStatus: status,
        retry,
      })
    }
  })

  it('a target that answers 5xx is retried; one that cannot be reached too', async () => {
    site.routes.set('/down', (_req, res) => res.writeHead(502).end())
    expect(await sendWebmention(SOURCE, `${base}down`, allowed())).toMatchObject({
      outcome: 'failed',
      httpStatus: 502,
      retry: true,
    })
    // A closed port on loopback, allowed: the connection is refused.
    const closed = await startStandIn()
    const gone = closed.origin
    await closed.close()
    const options = { ...allowed(), allow: parseOutboundAllow(`${site.target},${closed.target}`) }
    expect(await sendWebmention(SOURCE, `${gone}/x`, options)).toMatchObject({
      outcome: 'failed',
      retry: true,
    })
  })

  it('follows redirects of the POST as Fetch does: 307 posts again, 303 continues as a GET', async () => {
    site.routes.set('/moved-307', (req, res) => {
      void readBody(req).then(() => res.writeHead(307, { location: '/wm-final' }).end())
    })
    site.routes.set('/moved-303', (req, res) => {
      void readBody(req).then(() => res.writeHead(303, { location: '/wm-status' }).end())
    })
    endpoint('/wm-final', 201)
    endpoint('/wm-status', 200)
    for (const via of ['307', '303']) {
      site.routes.set(`/target-moved-${via}`, (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html', link: `</moved-${via}>; rel=webmention` })
          .end('')
      })
    }
    const target = `${base}target-moved-307`
    expect(await sendWebmention(SOURCE, target, allowed())).toMatchObject({ outcome: 'sent' })
    expect(posted.get('/wm-final')?.map((p) => [p.method, p.body])).toEqual([
      ['POST', new URLSearchParams({ source: SOURCE, target }).toString()],
    ])
    await sendWebmention(SOURCE, `${base}target-moved-303`, allowed())
    expect(posted.get('/wm-status')?.map((p) => [p.method, p.body])).toEqual([['GET', '']])
  })
})

describe('refused before any connection (injected resolver, nothing leaves loopback)', () => {
  const asked: string[] = []
  const resolvesTo =
    (address: string): Resolver =>
    async (hostname) => {
      asked.push(hostname)
      return [{ address, family: 4 }]
    }
  beforeEach(() => {
    asked.length = 0
  })

  it('an endpoint on a private address, advertised by an allowed page', async () => {
    site.routes.set('/points-inside', (_req, res) => {
      res
        .writeHead(200, {
          'content-type': 'text/html',
          link: '<http://intranet.example/webmention>; rel=webmention',
        })
        .end('')
    })
    const attempt = await sendWebmention(SOURCE, `${base}points-inside`, {
      allow: parseOutboundAllow(site.target),
      allowOnly: false,
      resolve: resolvesTo('10.20.30.40'),
    })
    expect(attempt).toEqual({
      outcome: 'refused',
      endpoint: 'http://intranet.example/webmention',
      httpStatus: null,
      detail: 'the endpoint points to an internal address',
      retry: false,
    })
    expect(asked).toEqual(['intranet.example'])
  })

  it('an endpoint not on the allow-list while outbound requests are limited: not even looked up', async () => {
    const attempt = await sendWebmention(SOURCE, `${base}points-inside`, {
      ...allowed(),
      resolve: resolvesTo('10.20.30.40'),
    })
    expect(attempt).toMatchObject({ outcome: 'refused', retry: false })
    expect(attempt.detail).toMatch(/not in OUTBOUND_ALLOW/)
    expect(asked).toEqual([])
  })

  it('a target whose name resolves to a private address', async () => {
    const attempt = await sendWebmention(SOURCE, 'http://reader.example/story', {
      allow: parseOutboundAllow(site.target),
      allowOnly: false,
      resolve: resolvesTo('192.168.7.7'),
    })
    expect(attempt).toMatchObject({
      outcome: 'refused',
      endpoint: null,
      detail: 'the target points to an internal address',
    })
  })
})

describe('discovery parsing', () => {
  const page = 'https://reader.example/blog/post'

  it('takes the first rel=webmention Link value, skipping a malformed one', () => {
    expect(
      endpointFromLinkHeaders(['garbage', '<https://a.example/x>; rel="other webmention"'], page),
    ).toBe('https://a.example/x')
    expect(endpointFromLinkHeaders('<mailto:me@example.com>; rel=webmention', page)).toBeNull()
    expect(endpointFromLinkHeaders('<>; rel=WebMention', page)).toBe(page)
    expect(endpointFromLinkHeaders(undefined, page)).toBeNull()
  })

  it('ignores template contents and non-hyperlink elements; matches rel case-insensitively', () => {
    const html = `<template><link rel="webmention" href="/wrong-1"></template>
      <b rel="webmention" href="/wrong-2">x</b>
      <a REL="Bookmark WEBMENTION" href="wm?x=1">endpoint</a>`
    expect(endpointFromHtml(html, page)).toBe('https://reader.example/blog/wm?x=1')
    expect(endpointFromHtml('<p>none</p>', page)).toBeNull()
  })
})
