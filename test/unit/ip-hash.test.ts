import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashIp } from '@/lib/submissions/ip-hash'

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
