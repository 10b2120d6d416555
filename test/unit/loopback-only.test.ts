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
})
