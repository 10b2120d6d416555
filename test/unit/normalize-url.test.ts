import { describe, expect, it } from 'vitest'
import { normalizeSubmittedUrl } from '@/lib/submissions/normalize-url'

describe('normalizeSubmittedUrl', () => {
  it.each([
    ['lowercases the scheme and host', 'HTTPS://Example.COM/story', 'https://example.com/story'],
    [
      'keeps the case of the path',
      'https://example.com/Story/CamelCase',
      'https://example.com/Story/CamelCase',
    ],
    ['drops the default https port', 'https://example.com:443/a', 'https://example.com/a'],
    ['drops the default http port', 'http://example.com:80/a', 'http://example.com/a'],
    ['keeps another port', 'https://example.com:8443/a', 'https://example.com:8443/a'],
    ['drops the fragment', 'https://example.com/a#top', 'https://example.com/a'],
    ['drops a text fragment', 'https://example.com/a#:~:text=hello', 'https://example.com/a'],
    ['drops the trailing slash', 'https://example.com/a/b/', 'https://example.com/a/b'],
    ['drops the lone slash', 'https://example.com/', 'https://example.com'],
    ['keeps http', 'http://example.com/a', 'http://example.com/a'],
    ['keeps https', 'https://example.com/a', 'https://example.com/a'],
    ['keeps www.', 'https://www.example.com/a', 'https://www.example.com/a'],
    [
      'keeps a directory index',
      'https://example.com/a/index.html',
      'https://example.com/a/index.html',
    ],
    [
      'drops utm_*, fbclid and gclid, keeping other parameters in order',
      'https://example.com/a?utm_source=x&id=7&UTM_Medium=y&fbclid=1&gclid=2&z=1&a=2',
      'https://example.com/a?id=7&z=1&a=2',
    ],
    [
      'keeps parameters that only look like tracking ones',
      'https://example.com/a?utm=1&xfbclid=2&gclid_x=3',
      'https://example.com/a?utm=1&xfbclid=2&gclid_x=3',
    ],
    [
      'drops a query made only of tracking',
      'https://example.com/a?utm_source=x',
      'https://example.com/a',
    ],
    ['does not sort parameters', 'https://example.com/a?b=1&a=2', 'https://example.com/a?b=1&a=2'],
  ])('%s', (_label, input, expected) => {
    expect(normalizeSubmittedUrl(input)).toBe(expected)
  })

  it('treats http and https as different links', () => {
    expect(normalizeSubmittedUrl('http://example.com/a')).not.toBe(
      normalizeSubmittedUrl('https://example.com/a'),
    )
  })

  it('treats www. and the bare host as different links', () => {
    expect(normalizeSubmittedUrl('https://www.example.com/a')).not.toBe(
      normalizeSubmittedUrl('https://example.com/a'),
    )
  })

  it('gives the documented example and the plain link one key', () => {
    const key = normalizeSubmittedUrl('https://example.com/story')
    expect(normalizeSubmittedUrl('HTTPS://Example.com:443/story/?utm_source=x#top')).toBe(key)
    expect(normalizeSubmittedUrl('https://example.com/story?fbclid=abc&gclid=def')).toBe(key)
  })

  it('keeps paths that differ only in case apart', () => {
    expect(normalizeSubmittedUrl('https://example.com/A')).not.toBe(
      normalizeSubmittedUrl('https://example.com/a'),
    )
  })

  it('is idempotent', () => {
    const inputs = [
      'HTTPS://Example.COM:443/Story/?utm_source=x&b=2&a=1#top',
      'http://www.example.com/a/?q=1',
      'https://xn--e1afmkfd.xn--p1ai/',
    ]
    for (const input of inputs) {
      const once = normalizeSubmittedUrl(input)
      expect(normalizeSubmittedUrl(once)).toBe(once)
    }
  })

  it('normalises the href of a parsed IDN to its punycode host', () => {
    expect(normalizeSubmittedUrl(new URL('https://пример.рф/').href)).toBe(
      'https://xn--e1afmkfd.xn--p1ai',
    )
  })
})
