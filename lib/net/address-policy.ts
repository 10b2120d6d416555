import ipaddr from 'ipaddr.js'

/**
 * Cloud metadata services. Most sit in ranges refused anyway (169.254.169.254 is
 * link-local, fd00:ec2::254 unique-local); they are named so that stays true
 * whatever the range tables say.
 */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'])

/**
 * Whether an address is an ordinary public unicast address the fetcher may
 * connect to. Everything ipaddr.js classifies as anything but `unicast` is
 * refused: loopback, private, unique-local, link-local, CGNAT, multicast,
 * broadcast, unspecified, reserved and documentation ranges, and the IPv6
 * ranges that embed or translate an IPv4 address (6to4, Teredo, NAT64), whose
 * IPv4 part could be any of those. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged
 * as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  const parsed = ipaddr.process(address)
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString())) return false
  if (METADATA_ADDRESSES.has(parsed.toString())) return false
  return parsed.range() === 'unicast'
}

/** The range name, for error messages ("private", "loopback", ...). */
export function addressRange(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).range() : 'invalid'
}
