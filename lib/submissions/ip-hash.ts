import { createHmac } from 'node:crypto'

/**
 * The rate limit needs to recognise a client, not to know who it is: store an
 * HMAC of the IP under a secret salt, never the IP itself.
 */
export function hashIp(ip: string, salt: string): string {
  return createHmac('sha256', salt).update(ip.trim().toLowerCase()).digest('hex')
}

/**
 * The client address as the hosting platform reports it. Vercel (and any proxy
 * configured as the README says) overwrites X-Forwarded-For, so its first entry
 * is the client.
 */
export function clientIp(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || headers.get('x-real-ip')?.trim() || 'unknown'
}
