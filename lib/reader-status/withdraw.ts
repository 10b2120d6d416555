import type { Database } from '../db'
import { READER_VIA } from '../moderation/audit'
import { applyChange } from '../moderation/moderate'
import { submissionForToken } from '../receipts/store'

export type WithdrawOutcome =
  | { status: 'unknown' }
  | {
      status: 'withdrawn'
      /** false: it was withdrawn already, and nothing changed (withdrawing twice is harmless). */
      changed: boolean
      /** Posts whose public list lost the link: the edge refreshes their cached lists. */
      publicSlugs: string[]
    }

/**
 * The reader takes their link back, from its private status page. Through the
 * one change path (applyChange): a hide via 'reader', in any state of the row,
 * with its audit row and its outbox follow-ups (the author's webhook hears of
 * it; a link that was public has its update Webmention sent by the follow-up
 * of `submission.changed`). A pending link is hidden too, so an approval later
 * leaves it off the post; the author can still show it again ("Show again").
 */
export async function withdrawLink(db: Database, token: string): Promise<WithdrawOutcome> {
  const id = await submissionForToken(db, token)
  if (id === null) return { status: 'unknown' }
  const result = await applyChange(db, {
    ids: [id],
    change: { kind: 'hide' },
    by: null,
    via: READER_VIA,
    detail: 'withdrawn by the reader',
  })
  return { status: 'withdrawn', changed: result.changed > 0, publicSlugs: result.publicSlugs }
}
