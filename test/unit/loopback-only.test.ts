import dns from 'node:dns'
import { lookup as lookupImported } from 'node:dns'
import dnsPromises from 'node:dns/promises'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { isLoopbackTarget } from '../support/loopback-only'

/*
 * These tests probe the guard itself, so each probe is built to stay on this
 * machine even if the guard were broken: the decision is checked as a pure
 * function on names and addresses; the installed hooks are probed with a
 * socket destroyed before its first tick (Node connects to an address on the
 * next tick), with address literals that getaddrinfo answers without asking a
 * server, and with DNS queries pointed at a closed loopback port.
 */
describe('the loopback-only guard of the test workers', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['::1', true],
    ['[::1]', true],
    ['example.com', false],
    ['blog.example', false],
    ['192.0.2.1', false],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['169.254.169.254', false],
  ])('decides %s: %s', (host, allowed) => {
    expect(isLoopbackTarget(host)).toBe(allowed)
  })

  it('refuses a connection beyond loopback before connecting', () => {
    const probe = (open: () => net.Socket) => () => {
      let socket: net.Socket | undefined
      try {
        socket = open()
      } finally {
        // Reached only if the guard let it through: no packet has left yet.
        socket?.destroy()
      }
    }
    expect(probe(() => net.connect({ host: '192.0.2.1', port: 9 }))).toThrow(
      /must stay on loopback/,
    )
    expect(probe(() => net.connect(9, 'blog.example'))).toThrow(/must stay on loopback/)
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

  it('refuses a DNS lookup through every hook before any query is made', () => {
    const pending = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'GetAddrInfoReqWrap').length
    const before = pending()
    // An address literal: refused like any name, and answered locally if it were not.
    expect(() => dns.lookup('192.0.2.1', () => undefined)).toThrow(/must stay on loopback/)
    expect(() => lookupImported('192.0.2.1', () => undefined)).toThrow(/must stay on loopback/)
    expect(() => dnsPromises.lookup('192.0.2.1')).toThrow(/must stay on loopback/)
    expect(() => dns.promises.lookup('192.0.2.1')).toThrow(/must stay on loopback/)
    expect(pending()).toBe(before)
  })

  it('refuses every query to a DNS server, even for localhost', () => {
    // Were a query to go out, it would go to a closed loopback port.
    const servers = dns.getServers()
    dns.setServers(['127.0.0.1:9'])
    try {
      const resolver = new dns.Resolver()
      resolver.setServers(['127.0.0.1:9'])
      const promised = new dnsPromises.Resolver()
      promised.setServers(['127.0.0.1:9'])
      expect(() => dns.resolve4('localhost', () => undefined)).toThrow(/must stay on loopback/)
      expect(() => dnsPromises.resolve('localhost')).toThrow(/must stay on loopback/)
      expect(() => dnsPromises.resolveTxt('localhost')).toThrow(/must stay on loopback/)
      expect(() => resolver.resolveMx('localhost', () => undefined)).toThrow(
        /must stay on loopback/,
      )
      expect(() => promised.resolve6('localhost')).toThrow(/must stay on loopback/)
      expect(() => dns.reverse('127.0.0.1', () => undefined)).toThrow(/must stay on loopback/)
    } finally {
      dns.setServers(servers)
    }
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
