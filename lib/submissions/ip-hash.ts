import { createHmac } from 'node:crypto'

/**
 * The rate limit needs to recognise a client, not to know who it is: store an
 * HMAC of the IP under a secret salt, never the IP itself. The address comes
 * from lib/http/client-address.ts, already normalized.
 */
export function hashIp(ip: string, salt: string): string {
  return createHmac('sha256', salt).update(ip.trim().toLowerCase()).digest('hex')
}
