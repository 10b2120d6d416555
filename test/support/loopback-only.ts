/**
 * Test traffic stays on this machine. Loaded into every vitest worker, it makes
 * any TCP connection to anything but a loopback address or `localhost` throw
 * before a packet leaves, so a refusal test whose code under test is wrong
 * fails loudly instead of reaching a private or public address.
 */
import net from 'node:net'
import ipaddr from 'ipaddr.js'

function allowed(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  if (!ipaddr.isValid(bare)) return false // a name would need DNS: tests inject resolvers instead
  const address = ipaddr.process(bare)
  return address.range() === 'loopback'
}

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // net.connect() hands connect() its arguments already normalized, as an array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args
  const options =
    typeof first === 'object' && first !== null
      ? (first as { host?: string; path?: string })
      : { host: typeof second === 'string' ? second : 'localhost' }
  if (!('path' in options && options.path) && !allowed(options.host ?? 'localhost')) {
    throw new Error(`test traffic must stay on loopback: refused a connection to ${options.host}`)
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
} as typeof net.Socket.prototype.connect
