import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Whether an Authorization header carries `Bearer <secret>`. Compared through
 * hashes so neither the length nor the content leaks through timing. With no
 * secret configured nothing is authorised.
 */
export function isCronAuthorized(header: string | null, secret: string | undefined): boolean {
  if (!secret || !header) return false
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(header), digest(`Bearer ${secret}`))
}
