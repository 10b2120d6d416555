import { describe, expect, it } from 'vitest'
import { UNKNOWN_CLIENT, clientAddress, normalizeClientAddress } from '@/lib/http/client-address'

const headers = (values: Record<string, string>) => {
  const map = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]))
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null }
}
const oneHop = { trustedHops: 1, onVercel: false }
const xff = (value: string, options = oneHop) =>
  clientAddress(headers({ 'x-forwarded-for': value }), options)

describe('clientAddress: which X-Forwarded-For entry', () => {
  it('takes the only entry when Next filled the header from the socket', () => {
    expect(xff('203.0.113.7')).toBe('203.0.113.7')
  })

  // Issue 12: behind nginx's $proxy_add_x_forwarded_for, the left entries are the client's own words.
  it.each(['10.1.0.1', '10.1.0.2', '10.1.0.8', 'foo', '::ffff:10.0.0.9'])(
    'ignores a client-sent entry (%s) before the one the proxy appended',
    (spoofed) => {
      expect(xff(`${spoofed}, 198.51.100.4`)).toBe('198.51.100.4')
    },
  )

  it('gives every spoofed prefix one bucket (the repro: 10.2.0.N, 10.0.0.1)', () => {
    const buckets = new Set([1, 2, 3, 4, 5, 6, 7].map((n) => xff(`10.2.0.${n}, 10.0.0.1`)))
    expect([...buckets]).toEqual(['10.0.0.1'])
  })

  it('with two trusted hops, skips the address the inner proxy appended', () => {
    const twoHops = { trustedHops: 2, onVercel: false }
    expect(xff('6.6.6.6, 203.0.113.7, 10.0.0.2', twoHops)).toBe('203.0.113.7')
    expect(xff('203.0.113.7, 10.0.0.2', twoHops)).toBe('203.0.113.7')
  })

  it('with fewer entries than hops, takes the leftmost (written by a proxy we run)', () => {
    expect(xff('203.0.113.7', { trustedHops: 3, onVercel: false })).toBe('203.0.113.7')
  })

  it('skips empty entries', () => {
    expect(xff('1.2.3.4, , 203.0.113.7 ,')).toBe('203.0.113.7')
  })

  it('answers the shared unknown bucket without the header', () => {
    expect(clientAddress(headers({}), oneHop)).toBe(UNKNOWN_CLIENT)
    expect(xff(' , ')).toBe(UNKNOWN_CLIENT)
  })

  it('ignores X-Real-IP off Vercel (any client can send it)', () => {
    expect(clientAddress(headers({ 'x-real-ip': '198.51.100.1' }), oneHop)).toBe(UNKNOWN_CLIENT)
  })

  it('on Vercel, reads the platform X-Real-IP and ignores X-Forwarded-For', () => {
    const onVercel = { trustedHops: 1, onVercel: true }
    expect(
      clientAddress(
        headers({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '198.51.100.1' }),
        onVercel,
      ),
    ).toBe('198.51.100.1')
    expect(clientAddress(headers({ 'x-forwarded-for': '6.6.6.6' }), onVercel)).toBe(UNKNOWN_CLIENT)
  })
})

describe('normalizeClientAddress: one spelling per client', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['::ffff:a00:1', '10.0.0.1'],
    ['10.0.0.1:1234', '10.0.0.1'],
    ['[::ffff:10.0.0.1]:80', '10.0.0.1'],
  ])('%s is the client 10.0.0.1', (raw, expected) => {
    expect(normalizeClientAddress(raw)).toBe(expected)
  })

  it.each(['::1', '[::1]', '[::1]:8080', '::0001', '::1%eth0', '0:0:0:0:0:0:0:1'])(
    '%s is the loopback /64',
    (raw) => {
      expect(normalizeClientAddress(raw)).toBe('::/64')
    },
  )

  it('buckets IPv6 by /64: one subscriber, one limit', () => {
    const a = normalizeClientAddress('2001:db8:1:2:aaaa::1')
    expect(a).toBe('2001:db8:1:2::/64')
    expect(normalizeClientAddress('2001:DB8:1:2:ffff:ffff:ffff:ffff')).toBe(a)
    expect(normalizeClientAddress('fe80::1%eth0')).toBe('fe80::/64')
    expect(normalizeClientAddress('2001:db8:1:3::1')).not.toBe(a)
  })

  // Each of these was a fresh bucket before: now they all share one.
  it.each(['010.0.0.1', '167772161', '0x0a.0.0.1', '10.0.1', 'foo', '', '1.2.3.4.5', '999.0.0.1'])(
    'sends the unreadable %j to the shared unknown bucket',
    (raw) => {
      expect(normalizeClientAddress(raw)).toBe(UNKNOWN_CLIENT)
    },
  )

  it('gives the issue’s eight spellings at most three buckets', () => {
    const spellings = [
      '::ffff:10.0.0.1',
      '010.0.0.1',
      '10.0.0.1:1234',
      '167772161',
      '[::1]',
      '::0001',
      '::1%eth0',
      'foo',
    ]
    expect(new Set(spellings.map(normalizeClientAddress))).toEqual(
      new Set(['10.0.0.1', '::/64', UNKNOWN_CLIENT]),
    )
  })
})
