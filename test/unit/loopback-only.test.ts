import dns from 'node:dns'
import { lookup as lookupImported } from 'node:dns'
import dnsPromises from 'node:dns/promises'
import net from 'node:net'
import { describe, expect, it } from 'vitest'

describe('the loopback-only guard of the test workers', () => {
  it('refuses a private or public address before connecting', () => {
    for (const host of [
      '10.0.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::ffff:10.0.0.1',
      '1.1.1.1',
    ]) {
      expect(() => net.connect({ host, port: 80 })).toThrow(/must stay on loopback/)
    }
    expect(() => net.connect(80, 'example.com')).toThrow(/must stay on loopback/)
  })

  it('lets loopback through', async () => {
    const server = net.createServer((socket) => socket.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    const socket = net.connect({ host: '127.0.0.1', port })
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })

  it('refuses a DNS lookup of a public name before any query is made', async () => {
    const pending = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'GetAddrInfoReqWrap').length
    const before = pending()
    // Thrown synchronously: getaddrinfo was never asked, so nothing left the machine.
    expect(() => dns.lookup('example.com', () => undefined)).toThrow(/must stay on loopback/)
    expect(() => lookupImported('example.com', () => undefined)).toThrow(/must stay on loopback/)
    expect(() => dnsPromises.lookup('example.com')).toThrow(/must stay on loopback/)
    expect(() => dns.promises.lookup('10.0.0.1')).toThrow(/must stay on loopback/)
    expect(pending()).toBe(before)
  })

  it('refuses every query to a DNS server, even for localhost', () => {
    expect(() => dns.resolve4('localhost', () => undefined)).toThrow(/must stay on loopback/)
    expect(() => dnsPromises.resolve('example.com')).toThrow(/must stay on loopback/)
    expect(() => dnsPromises.resolveTxt('example.com')).toThrow(/must stay on loopback/)
    expect(() => new dns.Resolver().resolveMx('example.com', () => undefined)).toThrow(
      /must stay on loopback/,
    )
    expect(() => new dnsPromises.Resolver().resolve6('example.com')).toThrow(
      /must stay on loopback/,
    )
    expect(() => dns.reverse('1.1.1.1', () => undefined)).toThrow(/must stay on loopback/)
  })

  it('answers a lookup of localhost and of loopback literals', async () => {
    const local = await dnsPromises.lookup('localhost')
    expect(['127.0.0.1', '::1']).toContain(local.address)
    expect((await dnsPromises.lookup('127.0.0.1')).address).toBe('127.0.0.1')
    const viaCallback = await new Promise<string>((resolve, reject) =>
      dns.lookup('::1', (error, address) => (error ? reject(error) : resolve(address))),
    )
    expect(viaCallback).toBe('::1')
  })
})
