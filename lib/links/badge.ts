import type { LinkCheck } from '../db/schema'
import { describeHost } from '../text/look-alike'
import { NOT_CHECKED_LIMITED } from './check'

/**
 * The one word a queue row shows about its link, most telling first: a host
 * that imitates another address, then a link that does not answer, then one
 * whose page links back to the post, then one that merely answers.
 */
export type LinkBadge = {
  kind: 'look-alike' | 'broken' | 'links-back' | 'reachable' | 'unchecked'
  label: string
}

export function linkBadge(url: string, check: LinkCheck | undefined): LinkBadge {
  if (describeHost(url)?.lookAlike) return { kind: 'look-alike', label: 'Look-alike' }
  if (!check || check.error === NOT_CHECKED_LIMITED)
    return { kind: 'unchecked', label: 'Not checked' }
  if (!check.reachable || check.consecutiveFailures > 0) return { kind: 'broken', label: 'Broken' }
  if (check.linksBack) return { kind: 'links-back', label: 'Links back' }
  return { kind: 'reachable', label: 'Reachable' }
}
