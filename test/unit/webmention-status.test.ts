import { describe, expect, it } from 'vitest'
import { PUBLIC_REASONS, publicReason } from '@/lib/webmention/status'

describe('publicReason: what a Webmention status page may say about a stored detail', () => {
  it.each<[string | null, string | null]>([
    [null, null],
    ['  ', null],
    ['The source does not link to the target.', PUBLIC_REASONS.noLink],
    ['The source answered HTTP 410.', 'The source answered HTTP 410.'],
    ['The source answered HTTP 404', 'The source answered HTTP 404.'],
    // Anything else can carry network facts: fixed words only.
    [
      'The source could not be fetched: refused to connect to localhost (127.0.0.1, loopback address).',
      PUBLIC_REASONS.unreachable,
    ],
    ['The source answered HTTP 302 to http://intranet.corp/', PUBLIC_REASONS.unreachable],
    ['The source answered HTTP 4040.', PUBLIC_REASONS.unreachable],
    ['getaddrinfo ENOTFOUND intranet.corp', PUBLIC_REASONS.unreachable],
    ['The source does not link to the target. Resolved to ::1', PUBLIC_REASONS.unreachable],
  ])('%j → %j', (detail, shown) => {
    expect(publicReason(detail)).toBe(shown)
  })
})
