import http from 'node:http'
import { ALLOWED_METHODS } from './request-guard'

/**
 * Headers of the 405 answer. A plain-text refusal needs no more than this, and
 * it keeps every promise next.config.mjs's headers make (no framing, no
 * sniffing, HTTPS only, no powerful features), since this answer never passes
 * through Next. HSTS only outside development, as there.
 */
export const REFUSAL_HEADERS: Record<string, string> = {
  allow: ALLOWED_METHODS.join(', '),
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  ...(process.env.NODE_ENV === 'development'
    ? {}
    : { 'strict-transport-security': 'max-age=63072000; includeSubDomains' }),
  connection: 'close',
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean
const guarded = Symbol.for('red-green-repeat.method-guard')

/**
 * Answers 405 to methods this site does not serve, before Next sees them:
 * `next start` builds a Fetch Request for proxy.ts, and the Fetch standard
 * forbids TRACE, TRACK and CONNECT, so Next itself answers those 500 (without
 * the security headers) whatever proxy.ts says. Installed once, from
 * instrumentation.ts, on the Node server that `next start` runs. proxy.ts
 * refuses the other unknown methods too, where this server is not the one in
 * front (a serverless platform).
 */
export function refuseUnknownMethods(): void {
  const proto = http.Server.prototype as unknown as { emit: Emit; [guarded]?: true }
  if (proto[guarded]) return
  const emit = proto.emit
  proto.emit = function (this: http.Server, event, ...args) {
    if (event === 'request') {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse]
      if (!(ALLOWED_METHODS as readonly string[]).includes(request.method ?? '')) {
        response.writeHead(405, REFUSAL_HEADERS)
        response.end('That method is not allowed here.\n')
        request.resume()
        return true
      }
    }
    return emit.call(this, event, ...args)
  }
  proto[guarded] = true
}
