import { domainRuleMessage } from './domain-rules'
import type { DoneMove } from './requests'

/** What a move did, in one or two words: the line a moved row becomes ("Approved · Undo"). */
const DONE: Record<DoneMove, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  pending: 'Moved to pending',
  delete: 'Deleted',
  restore: 'Restored',
  edit: 'Saved',
  hide: 'Hidden',
  show: 'Shown again',
  keep: 'Kept shown',
  trust: 'Trusted',
  block: 'Blocked',
  undo: 'Undone',
}

export function doneLabel(move: DoneMove, domain?: string | null): string {
  return (move === 'trust' || move === 'block') && domain ? `${DONE[move]} ${domain}` : DONE[move]
}

const submissionsWord = (n: number) => `${n} submission${n === 1 ? '' : 's'}`

/** The sentence the author reads (and hears, in the queue's live region) after a move. */
export function doneMessage(move: DoneMove, n: number, domain?: string | null): string {
  if ((move === 'trust' || move === 'block') && domain) {
    return domainRuleMessage(move === 'trust' ? 'trusted' : 'blocked', domain)
  }
  if (move === 'undo') return `Undone: ${submissionsWord(n)} back as before.`
  return `${DONE[move]} ${submissionsWord(n)}.`
}

/** When a move changed nothing: the row moved on already, or the move does not apply to it. */
export const NOTHING_CHANGED = 'Nothing changed: that move does not apply to it now.'

/** When an Undo finds the row changed since the move: it leaves the later change alone. */
export const UNDO_STALE = 'Nothing changed: it has changed since that move (see its History).'
