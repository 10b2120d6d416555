import type { Refusal } from './one-click'
import type { OneClickAction } from './tokens'

/** What the author reads when a one-click link is refused: what happened, what to do. */
export const REFUSAL_TEXT: Record<Refusal, { title: string; detail: string }> = {
  unconfigured: {
    title: 'One-click links are not set up',
    detail: 'This site has no AUTH_SECRET, so it cannot check the link. Use the moderation queue.',
  },
  malformed: {
    title: 'This link is not complete',
    detail:
      'Part of the link is missing or changed, often because a mail program broke the line. Copy the whole link, or use the moderation queue.',
  },
  forged: {
    title: 'This link was not made by this site',
    detail: 'Its signature does not match, so it was changed or made elsewhere. Nothing was done.',
  },
  'wrong-action': {
    title: 'This link is for another action',
    detail:
      'Each link does one thing for one submission; this one does not do what its address asks. Nothing was done.',
  },
  expired: {
    title: 'This link has expired',
    detail: 'One-click links work for 7 days. Use the moderation queue instead.',
  },
  used: {
    title: 'This link has already been used',
    detail:
      'Each link works once. Nothing more was done; the moderation queue shows where the submission stands.',
  },
  missing: {
    title: 'This submission no longer exists',
    detail: 'It was deleted after the notification went out. Nothing was done.',
  },
  'not-allowed': {
    title: 'This cannot be done any more',
    detail: 'The submission was moderated since the notification went out. Nothing was done.',
  },
}

export const ACTION_TEXT: Record<
  OneClickAction,
  { question: string; button: string; done: string }
> = {
  approve: {
    question: 'Approve this link?',
    button: 'Approve and publish',
    done: 'Approved: the link now shows under the post.',
  },
  reject: {
    question: 'Reject this link?',
    button: 'Reject',
    done: 'Rejected: the link will not be published.',
  },
}
