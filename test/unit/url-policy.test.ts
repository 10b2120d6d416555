import { afterEach, describe, expect, it } from 'vitest'
import { resetEnvForTests } from '@/lib/env'
import { MAX_URL_LENGTH, checkSubmittedUrl, displayHost } from '@/lib/submissions/url-policy'

const OWN_HOST = 'red-green-repeat.dev'

const SCHEME = /^Only http and https links are accepted\.$/
const TOO_LONG = /too long: at most 2048 characters/
const WHITESPACE = /cannot contain spaces, line breaks or control characters/
const IP = /domain name, not an IP address/
const NOT_PUBLIC = /must point to a public website/
const OWN = /points to this blog/
const HOMOGRAPH = /mixes alphabets/
const CREDENTIALS = /user name or password/
const NOT_A_URL = /Enter a full link, starting with https:\/\//

function rejection(raw: string, ownHost = OWN_HOST): string {
  const result = checkSubmittedUrl(raw, ownHost)
  if (result.ok) throw new Error(`accepted ${JSON.stringify(raw)} as ${result.url.href}`)
  return result.message
}

function accepted(raw: string, ownHost = OWN_HOST): URL {
  const result = checkSubmittedUrl(raw, ownHost)
  if (!result.ok) throw new Error(`rejected ${JSON.stringify(raw)}: ${result.message}`)
  return result.url
}

describe('checkSubmittedUrl rejects hostile input', () => {
  it.each<[string, string, RegExp]>([
    ['javascript: URL', 'javascript:alert(document.cookie)', SCHEME],
    ['JavaScript: in mixed case', 'JaVaScRiPt:alert(1)', SCHEME],
    ['data: URL', 'data:text/html,<script>alert(1)</script>', SCHEME],
    ['file: URL', 'file:///etc/passwd', SCHEME],
    ['mailto: URL', 'mailto:someone@example.com', SCHEME],
    ['ftp: URL', 'ftp://example.com/file', SCHEME],
    ['a 5 kB URL', `https://example.com/${'a'.repeat(5000)}`, TOO_LONG],
    ['CR/LF inside the host', 'https://exa\r\nmple.com/', WHITESPACE],
    ['LF at the end', 'https://example.com/story\n', WHITESPACE],
    ['a tab inside the path', 'https://example.com/a\tb', WHITESPACE],
    ['a space', 'https://example.com/a b', WHITESPACE],
    ['a NUL byte', 'https://example.com/\u0000', WHITESPACE],
    ['a DEL character', 'https://example.com/\u007f', WHITESPACE],
    ['a Unicode line separator', 'https://example.com/\u2028', WHITESPACE],
    ['a no-break space', 'https://example.com/\u00a0', WHITESPACE],
    ['IPv4 loopback', 'http://127.0.0.1', IP],
    ['IPv4 loopback with a port and path', 'http://127.0.0.1:8080/admin', IP],
    ['IPv6 loopback', 'http://[::1]', IP],
    ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]/', IP],
    ['IPv6 link-local', 'http://[fe80::1]/', IP],
    ['cloud metadata address', 'http://169.254.169.254/latest/meta-data/', IP],
    ['private 10/8 address', 'http://10.0.0.1', IP],
    ['private 192.168/16 address', 'https://192.168.1.1/', IP],
    ['0.0.0.0', 'http://0.0.0.0/', IP],
    ['hex shorthand IPv4', 'http://0x7f.1', IP],
    ['short-form IPv4', 'http://127.1/', IP],
    ['decimal IPv4', 'http://2130706433/', IP],
    ['octal IPv4', 'http://0177.0.0.1/', IP],
    ['localhost with a port', 'http://localhost:3000', NOT_PUBLIC],
    ['a .internal name', 'http://foo.internal', NOT_PUBLIC],
    ['a .local name', 'http://printer.local/', NOT_PUBLIC],
    ['a single-label host', 'http://intranet/', NOT_PUBLIC],
    ['a reserved .test name', 'https://foo.test/', NOT_PUBLIC],
    ['a reserved .invalid name', 'https://foo.invalid/', NOT_PUBLIC],
    ['a home.arpa name (RFC 8375)', 'https://nas.home.arpa/', NOT_PUBLIC],
    ['a host with a trailing dot', 'https://example.com./', NOT_PUBLIC],
    ['a Cyrillic а in a Latin name', 'https://аpple.com', HOMOGRAPH],
    ['the same homograph in punycode', 'https://xn--pple-43d.com/', HOMOGRAPH],
    ['a Greek ο in a Latin name', 'https://gοοgle.com/', HOMOGRAPH],
    ['a user name and password', 'https://user:secret@example.com/', CREDENTIALS],
    ['a user name only', 'https://user@example.com/', CREDENTIALS],
    ['a trusted name as the user name', 'https://example.com@evil.com/', CREDENTIALS],
    ['a link without a scheme', 'example.com/story', NOT_A_URL],
    ['an empty string', '', NOT_A_URL],
    ['a scheme without a host', 'https://', NOT_A_URL],
  ])('%s', (_label, raw, message) => {
    expect(rejection(raw)).toMatch(message)
  })

  it('checks the length before anything else, at exactly the limit', () => {
    const base = 'https://example.com/'
    const atLimit = base + 'a'.repeat(MAX_URL_LENGTH - base.length)
    expect(atLimit).toHaveLength(MAX_URL_LENGTH)
    expect(accepted(atLimit).hostname).toBe('example.com')
    expect(rejection(`${atLimit}a`)).toMatch(TOO_LONG)
    expect(rejection(`javascript:${'a'.repeat(5000)}`)).toMatch(TOO_LONG)
  })

  describe("the site's own host", () => {
    it.each([
      'https://red-green-repeat.dev/posts/naming-tests',
      'http://red-green-repeat.dev',
      'https://www.red-green-repeat.dev/',
      'https://RED-GREEN-REPEAT.dev/',
    ])('rejects %s', (raw) => {
      expect(rejection(raw)).toMatch(OWN)
    })

    it('rejects the bare host when the site itself is on www.', () => {
      expect(rejection('https://red-green-repeat.dev/', 'www.red-green-repeat.dev')).toMatch(OWN)
    })

    it('compares the own host case-insensitively', () => {
      expect(rejection('https://red-green-repeat.dev/', 'Red-Green-Repeat.DEV')).toMatch(OWN)
    })

    it('accepts another site whose name merely contains it', () => {
      expect(accepted('https://notred-green-repeat.dev/').hostname).toBe('notred-green-repeat.dev')
      expect(accepted('https://red-green-repeat.dev.example.com/').hostname).toBe(
        'red-green-repeat.dev.example.com',
      )
    })
  })
})

describe('checkSubmittedUrl accepts ordinary links', () => {
  it.each([
    ['https://example.com/story', 'example.com'],
    ['http://blog.example.co.uk/2025/01/a-post?ref=1#section', 'blog.example.co.uk'],
    ['HTTPS://WWW.EXAMPLE.COM/Story', 'www.example.com'],
    ['https://example.com:8443/story', 'example.com'],
    ['https://foo.github.io/post', 'foo.github.io'],
  ])('%s', (raw, hostname) => {
    expect(accepted(raw).hostname).toBe(hostname)
  })

  it('accepts a pure Cyrillic IDN and shows it in punycode', () => {
    const url = accepted('https://пример.рф/статья')
    expect(url.hostname).toBe('xn--e1afmkfd.xn--p1ai')
    expect(displayHost(url.href)).toBe('xn--e1afmkfd.xn--p1ai')
    expect(displayHost('https://пример.рф/статья')).toMatch(/^xn--[a-z0-9-]+\.xn--[a-z0-9-]+$/)
  })

  it('accepts a Latin name with diacritics and shows it in punycode', () => {
    const url = accepted('https://münchen.de/')
    expect(displayHost(url.href)).toBe('xn--mnchen-3ya.de')
  })
})

describe('displayHost', () => {
  it('shows the host without port, path or credentials', () => {
    expect(displayHost('https://Example.COM:8443/a/b?c=d#e')).toBe('example.com')
  })

  it('keeps www.', () => {
    expect(displayHost('https://www.example.com/')).toBe('www.example.com')
  })
})

describe('checkSubmittedUrl with OUTBOUND_ALLOW', () => {
  afterEach(() => {
    delete process.env.OUTBOUND_ALLOW
    resetEnvForTests()
  })

  it('accepts an allowed internal host:port, and only that one', () => {
    process.env.OUTBOUND_ALLOW = '127.0.0.1:4399,wiki.intranet:8080'
    resetEnvForTests()
    expect(accepted('http://127.0.0.1:4399/story').href).toBe('http://127.0.0.1:4399/story')
    expect(accepted('http://wiki.intranet:8080/page').hostname).toBe('wiki.intranet')
    expect(rejection('http://127.0.0.1:4398/story')).toMatch(IP)
    expect(rejection('http://127.0.0.2:4399/story')).toMatch(IP)
    expect(rejection('http://wiki.intranet/page')).toMatch(NOT_PUBLIC)
  })

  it('refuses everything internal by default', () => {
    expect(rejection('http://127.0.0.1:4399/story')).toMatch(IP)
  })
})
