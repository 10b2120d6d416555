import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { clientIp, hashIp } from '@/lib/submissions/ip-hash'

describe('hashIp', () => {
  it('is deterministic', () => {
    expect(hashIp('203.0.113.7', 'salt')).toBe(hashIp('203.0.113.7', 'salt'))
  })

  it('is a SHA-256 hex digest', () => {
    expect(hashIp('203.0.113.7', 'salt')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differs with the salt', () => {
    expect(hashIp('203.0.113.7', 'salt-a')).not.toBe(hashIp('203.0.113.7', 'salt-b'))
  })

  it('differs with the address', () => {
    expect(hashIp('203.0.113.7', 'salt')).not.toBe(hashIp('203.0.113.8', 'salt'))
  })

  it('is not a plain unsalted hash of the address', () => {
    const plain = createHash('sha256').update('203.0.113.7').digest('hex')
    expect(hashIp('203.0.113.7', '')).not.toBe(plain)
    expect(hashIp('203.0.113.7', 'salt')).not.toBe(plain)
  })

  it.each(['203.0.113.7', '2001:db8::1', '10.0.0.1', 'unknown'])(
    'never contains the address %s',
    (ip) => {
      const hash = hashIp(ip, 'salt')
      expect(hash).not.toContain(ip)
      expect(hash).not.toContain(ip.replaceAll('.', ''))
      expect(hash).not.toContain(ip.replaceAll(':', ''))
    },
  )

  it('ignores surrounding spaces and the case of an IPv6 address', () => {
    expect(hashIp(' 2001:DB8::1 ', 'salt')).toBe(hashIp('2001:db8::1', 'salt'))
  })
})

describe('clientIp', () => {
  const headers = (init: Record<string, string>) => new Headers(init)

  it('takes the first X-Forwarded-For entry', () => {
    expect(clientIp(headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1, 10.0.0.2' }))).toBe(
      '203.0.113.7',
    )
  })

  it('trims the entry', () => {
    expect(clientIp(headers({ 'x-forwarded-for': '  2001:db8::1  ,10.0.0.1' }))).toBe('2001:db8::1')
  })

  it('prefers X-Forwarded-For to X-Real-IP', () => {
    expect(
      clientIp(headers({ 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '198.51.100.1' })),
    ).toBe('203.0.113.7')
  })

  it('falls back to X-Real-IP when X-Forwarded-For is missing', () => {
    expect(clientIp(headers({ 'x-real-ip': ' 198.51.100.1 ' }))).toBe('198.51.100.1')
  })

  it('falls back to X-Real-IP when the first X-Forwarded-For entry is empty', () => {
    expect(
      clientIp(headers({ 'x-forwarded-for': ' , 10.0.0.1', 'x-real-ip': '198.51.100.1' })),
    ).toBe('198.51.100.1')
  })

  it('is "unknown" without either header', () => {
    expect(clientIp(headers({}))).toBe('unknown')
    expect(clientIp(headers({ 'x-forwarded-for': '', 'x-real-ip': '  ' }))).toBe('unknown')
  })

  it('works with any object that has get()', () => {
    const map = new Map([['x-real-ip', '198.51.100.9']])
    expect(clientIp({ get: (name) => map.get(name) ?? null })).toBe('198.51.100.9')
  })
})
