import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions, type Submission } from '../db/schema'
import { latestAttempt } from '../webmention/send/log'
import { READER_VIA } from '../moderation/audit'
import { isPublic, type VisibilityFields } from '../visibility/rule'
import { submissionForToken } from '../receipts/store'

/**
 * Where a reader's link stands, in the words the reader's page uses. Spam and
 * rejected are both "not published", so the page never says which. A link
 * that a blocked-domain rule marked spam on arrival reads "waiting" until the
 * author decides, as the form's answer did ("received"): the rule is not revealed.
 */
export type Standing = 'waiting' | 'published' | 'not-published' | 'withdrawn'

export type StandingFields = VisibilityFields & Pick<Submission, 'hiddenVia' | 'moderatedBy'>

export function standingOf(row: StandingFields): Standing {
  // The reader's own move comes first: it holds whatever the author decided.
  if (row.hiddenAt !== null && row.hiddenVia === READER_VIA) return 'withdrawn'
  if (isPublic(row)) return 'published'
  if (row.deletedAt !== null) return 'not-published'
  if (row.status === 'pending') return 'waiting'
  if (row.status === 'spam' && row.moderatedBy === 'blocked-domain rule') return 'waiting'
  return 'not-published'
}

/**
 * Whether the reader's own site was told by Webmention, from the latest
 * attempt in the send log (lib/webmention's sender writes it). Only fixed
 * words leave here: never the stored detail or the endpoint.
 */
export type SiteTold =
  | { told: 'not-yet' }
  /** The receiver accepted a Webmention saying the link was published, or taken off. */
  | { told: 'yes'; at: Date; about: 'published' | 'taken-off' }
  /** The reader's page advertises no Webmention endpoint. */
  | { told: 'no-endpoint'; at: Date }
  /** Failed, refused, skipped: an attempt that did not reach the reader's site. */
  | { told: 'no'; at: Date }

export function siteToldFrom(
  latest: { outcome: string; reason: string; attemptedAt: Date } | undefined,
): SiteTold {
  if (!latest) return { told: 'not-yet' }
  const at = latest.attemptedAt
  if (latest.outcome === 'sent') {
    return { told: 'yes', at, about: latest.reason === 'approved' ? 'published' : 'taken-off' }
  }
  if (latest.outcome === 'no-endpoint') return { told: 'no-endpoint', at }
  return { told: 'no', at }
}

/** What the reader's page shows: no IP, note, name or id, only what the reader sent and where it stands. */
export type ReaderStatusView = {
  postSlug: string
  url: string
  title: string | null
  sentAt: Date
  standing: Standing
  site: SiteTold
}

/** The page of a token, or null for a token that opens nothing. Reads only. */
export async function readerStatus(db: Database, token: string): Promise<ReaderStatusView | null> {
  const id = await submissionForToken(db, token)
  if (id === null) return null
  const [row] = await db
    .select({
      postSlug: submissions.postSlug,
      url: submissions.url,
      title: submissions.title,
      createdAt: submissions.createdAt,
      status: submissions.status,
      deletedAt: submissions.deletedAt,
      hiddenAt: submissions.hiddenAt,
      hiddenVia: submissions.hiddenVia,
      moderatedBy: submissions.moderatedBy,
    })
    .from(submissions)
    .where(eq(submissions.id, id))
  // The receipt goes with its row (on delete cascade); a purge between the two reads is a 404 too.
  if (!row) return null
  const latest = (await latestAttempt(db, id)) ?? undefined
  return {
    postSlug: row.postSlug,
    url: row.url,
    title: row.title,
    sentAt: row.createdAt,
    standing: standingOf(row),
    site: siteToldFrom(latest),
  }
}
