/**
 * Test traffic stays on this machine. Loaded into every vitest worker, it makes
 * any TCP connection to anything but a loopback address or `localhost`, and any
 * DNS lookup of a name but `localhost`, throw before a packet leaves, so a
 * refusal test whose code under test is wrong fails loudly instead of reaching
 * a private or public address or the system's resolver.
 */
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import ipaddr from 'ipaddr.js'

/** Whether a host may be reached (or looked up) from a test: `localhost` and loopback literals only. */
export function isLoopbackTarget(host: string): boolean {
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
  if (!('path' in options && options.path) && !isLoopbackTarget(options.host ?? 'localhost')) {
    throw new Error(`test traffic must stay on loopback: refused a connection to ${options.host}`)
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
} as typeof net.Socket.prototype.connect

/*
 * DNS counts as leaving the machine: the system's resolver is not on loopback.
 * Every lookup of a name but `localhost` (answered from /etc/hosts) throws before
 * a query is made, and the resolve* family, which always asks a DNS server, is
 * refused outright. Tests that need a name to resolve inject a resolver instead.
 */
function refuseLookup(hostname: unknown): void {
  if (typeof hostname !== 'string' || !isLoopbackTarget(hostname)) {
    throw new Error(
      `test traffic must stay on loopback: refused a DNS lookup of ${String(hostname)}`,
    )
  }
}

const lookup = dns.lookup
dns.lookup = function (this: unknown, hostname: unknown, ...rest: unknown[]) {
  refuseLookup(hostname)
  return (lookup as (...a: unknown[]) => unknown).call(this, hostname, ...rest)
} as typeof dns.lookup

const lookupPromise = dns.promises.lookup
dns.promises.lookup = function (this: unknown, hostname: unknown, ...rest: unknown[]) {
  refuseLookup(hostname)
  return (lookupPromise as (...a: unknown[]) => unknown).call(this, hostname, ...rest)
} as typeof dns.promises.lookup

const RESOLVERS = [
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTxt',
  'reverse',
  'lookupService',
] as const

function refuseQueries(target: Record<string, unknown>): void {
  for (const name of RESOLVERS) {
    if (typeof target[name] !== 'function') continue
    target[name] = (query: unknown) => {
      throw new Error(
        `test traffic must stay on loopback: refused a DNS query (${name} ${String(query)})`,
      )
    }
  }
}
// The module functions are bound to a default resolver, so patch them and the
// Resolver classes both.
refuseQueries(dns as unknown as Record<string, unknown>)
refuseQueries(dns.promises as unknown as Record<string, unknown>)
refuseQueries(dns.Resolver.prototype as unknown as Record<string, unknown>)
refuseQueries(dns.promises.Resolver.prototype as unknown as Record<string, unknown>)

// `import { lookup } from 'node:dns'` binds the export: make it see the patched functions.
syncBuiltinESMExports()
