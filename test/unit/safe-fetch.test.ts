import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPublicAddress } from '@/lib/net/address-policy'
import { parseOutboundAllow } from '@/lib/net/outbound-allow'
import { MAX_BODY_BYTES, checkedAddress, safeFetch, type Resolver } from '@/lib/net/safe-fetch'
import { html, redirect, startStandIn, type StandIn } from '../support/stand-in-server'

/*
 * Every connection these tests make goes to 127.0.0.1 (allowed) or is refused
 * before connecting (127.0.0.2, or a private address an injected resolver returns).
 */

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.1.1',
    '100.64.0.1',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '0.0.0.0',
    '192.0.2.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    '2001:db8::1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700::1111', '::ffff:93.184.216.34'])(
    'accepts public %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true)
    },
  )
})

describe('checkedAddress (injected resolver: nothing is looked up or connected)', () => {
  const none = parseOutboundAllow('')
  const resolvesTo =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))

  it('refuses a name that resolves to a private address', async () => {
    await expect(
      checkedAddress('intranet.example', 80, resolvesTo('10.0.0.7'), none),
    ).rejects.toThrow(/refused to connect to intranet\.example \(10\.0\.0\.7, private/)
  })

  it('refuses a name with one public and one private address', async () => {
    await expect(
      checkedAddress('mixed.example', 443, resolvesTo('93.184.216.34', '192.168.0.2'), none),
    ).rejects.toThrow(/192\.168\.0\.2/)
  })

  it('refuses the metadata address and IPv4-mapped loopback', async () => {
    await expect(
      checkedAddress('meta.example', 80, resolvesTo('169.254.169.254'), none),
    ).rejects.toThrow(/refused/)
    await expect(
      checkedAddress('mapped.example', 80, resolvesTo('::ffff:127.0.0.1'), none),
    ).rejects.toThrow(/refused/)
    await expect(checkedAddress('[::1]', 80, resolvesTo(), none)).rejects.toThrow(/loopback/)
  })

  it('returns the public address it checked', async () => {
    await expect(
      checkedAddress('public.example', 443, resolvesTo('93.184.216.34'), none),
    ).resolves.toBe('93.184.216.34')
  })

  it('accepts an allowed host:port, only on that port', async () => {
    const allow = parseOutboundAllow('intranet.example:8080, 127.0.0.1:4399')
    await expect(
      checkedAddress('intranet.example', 8080, resolvesTo('10.0.0.7'), allow),
    ).resolves.toBe('10.0.0.7')
    await expect(
      checkedAddress('intranet.example', 80, resolvesTo('10.0.0.7'), allow),
    ).rejects.toThrow(/refused/)
    await expect(checkedAddress('127.0.0.1', 4399, resolvesTo(), allow)).resolves.toBe('127.0.0.1')
    await expect(checkedAddress('127.0.0.2', 4399, resolvesTo(), allow)).rejects.toThrow(/refused/)
  })
})

describe('safeFetch against local stand-in servers', () => {
  let site: StandIn
  let allow: ReturnType<typeof parseOutboundAllow>
  const big = Buffer.alloc(5 * 1024 * 1024, 'a')

  beforeAll(async () => {
    site = await startStandIn({
      '/story': html('<html><head><title>My story</title></head><body>hi</body></html>'),
      '/hop': redirect('/story', 301),
      '/to-other-loopback': redirect('http://127.0.0.2:1/'),
      '/to-ftp': redirect('ftp://127.0.0.1/file'),
      '/json': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
      '/big': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end(big)
      },
      '/slow': (_req, res) => {
        const timer = setTimeout(() => res.end('<p>late</p>'), 3_000)
        res.on('close', () => clearTimeout(timer))
      },
      '/gone': html('<p>gone</p>', 410),
    })
    // Loop redirects: /loop/0 -> /loop/1 -> ... -> /loop/9
    for (let i = 0; i < 10; i++) site.routes.set(`/loop/${i}`, redirect(`/loop/${i + 1}`))
    site.routes.set('/loop/10', html('<p>end</p>'))
    allow = parseOutboundAllow(site.target)
  })
  afterAll(() => site.close())

  it('fetches an HTML page, naming the site in its User-Agent', async () => {
    const page = await safeFetch(`${site.origin}/story`, { allow })
    expect(page).toMatchObject({ ok: true, status: 200, truncated: false })
    expect(page.ok && page.html).toContain('<title>My story</title>')
    expect(site.hits.at(-1)?.userAgent).toMatch(/^RedGreenRepeat-LinkCheck\/1\.0 \(\+https?:\/\//)
  })

  it('follows a redirect and reports where it ended', async () => {
    const page = await safeFetch(`${site.origin}/hop`, { allow })
    expect(page).toMatchObject({
      ok: true,
      status: 200,
      finalUrl: `${site.origin}/story`,
      redirects: [`${site.origin}/story`],
    })
  })

  it('refuses a redirect to a loopback address that is not allowed', async () => {
    const page = await safeFetch(`${site.origin}/to-other-loopback`, { allow })
    expect(page).toMatchObject({ ok: false, reason: 'refused-address' })
    expect(!page.ok && page.message).toMatch(/127\.0\.0\.2.*loopback/)
  })

  it('refuses the server itself when it is not on the allow-list', async () => {
    const page = await safeFetch(`${site.origin}/story`, { allow: parseOutboundAllow('') })
    expect(page).toMatchObject({ ok: false, reason: 'refused-address' })
  })

  it('refuses a redirect to another scheme', async () => {
    const page = await safeFetch(`${site.origin}/to-ftp`, { allow })
    expect(page).toMatchObject({ ok: false, reason: 'scheme' })
  })

  it('stops after 5 redirects', async () => {
    const ok = await safeFetch(`${site.origin}/loop/5`, { allow })
    expect(ok).toMatchObject({ ok: true, status: 200 })
    const tooMany = await safeFetch(`${site.origin}/loop/0`, { allow })
    expect(tooMany).toMatchObject({ ok: false, reason: 'too-many-redirects' })
    expect(tooMany.redirects).toHaveLength(5)
  })

  it('gives up on a server that answers too slowly', async () => {
    const started = Date.now()
    const page = await safeFetch(`${site.origin}/slow`, { allow, timeoutMs: 500 })
    expect(page).toMatchObject({ ok: false, reason: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('cuts a 5 MB body at 1 MB', async () => {
    const page = await safeFetch(`${site.origin}/big`, { allow })
    expect(page).toMatchObject({ ok: true, truncated: true })
    expect(page.ok && page.html?.length).toBe(MAX_BODY_BYTES)
  })

  it('does not read a body that is not HTML', async () => {
    const page = await safeFetch(`${site.origin}/json`, { allow })
    expect(page).toMatchObject({
      ok: true,
      status: 200,
      html: null,
      contentType: 'application/json',
    })
  })

  it('reports error statuses without reading the body', async () => {
    const page = await safeFetch(`${site.origin}/gone`, { allow })
    expect(page).toMatchObject({ ok: true, status: 410, html: null })
  })

  it('refuses schemes other than http and https', async () => {
    expect(await safeFetch('file:///etc/passwd', { allow })).toMatchObject({
      ok: false,
      reason: 'scheme',
    })
  })
})

describe('allow-list only', () => {
  it('refuses any target not on the allow-list without resolving it', async () => {
    let lookups = 0
    const resolve: Resolver = async () => {
      lookups++
      return [{ address: '93.184.216.34', family: 4 }]
    }
    const allow = parseOutboundAllow('127.0.0.1:4399')
    await expect(checkedAddress('public.example', 443, resolve, allow, true)).rejects.toThrow(
      /not in OUTBOUND_ALLOW/,
    )
    expect(lookups).toBe(0)
    await expect(checkedAddress('127.0.0.1', 4399, resolve, allow, true)).resolves.toBe('127.0.0.1')
  })
})
