import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions, type SubmissionSource, type SubmissionStatus } from '../db/schema'
import { recordChanges } from '../moderation/audit'
import { initialStatusFor } from '../moderation/domain-rules'
import { enqueueFollowUps } from '../outbox/registry'
import { issueReceipt } from '../receipts/store'
import { RateLimited, takeRateLimitHit, type RateLimit } from '../submissions/rate-limit'
import { validateSubmission, type FormField, type ValidSubmission } from '../submissions/validation'
import { isPublic } from '../visibility/rule'
import { FIELD_LIMITS } from '../submissions/fields'
import { fitFetchedText } from '../text/fetched'

/** What a source hands in: what the reader typed, or what was read from their page. */
export type IntakeInput = {
  postSlug: string
  url: unknown
  title?: unknown
  name?: unknown
  note?: unknown
}

export type IntakeContext = {
  /** Which way in: the reader form, a verified Webmention, … (stored as source_kind, audited as via). */
  source: SubmissionSource
  /** HMAC of the client address (never the address itself). */
  ipHash: string
  /** This site's host: a link to the site itself is refused. */
  ownHost: string
  /**
   * Counted against, in the same transaction. The Webmention receiver counts
   * its requests per source domain when they arrive, so its intake has none.
   */
  rateLimit?: { key: string; limit: RateLimit }
  /**
   * Typed text breaking a rule is refused with a message for the field; text
   * read from a page is cleaned and cut to size instead (its sender cannot fix it).
   */
  text: 'typed' | 'fetched'
  /**
   * Give whoever sent it a private status link (the reader form does): a new
   * row gets a receipt token in the same transaction. Never for a duplicate
   * (that row is someone else's), and not for a Webmention (its sender has the
   * receiver's own status page).
   */
  receipt?: boolean
}

/** What happened, so each source can answer honestly. */
export type IntakeOutcome =
  | { status: 'invalid'; fieldErrors: Partial<Record<FormField, string>> }
  | { status: 'rate-limited'; retryAfterSeconds: number }
  | {
      status: 'created'
      id: number
      postSlug: string
      /** pending, or what a trusted- or blocked-domain rule decided. */
      initialStatus: SubmissionStatus
      /** On the public lists now (a trusted domain): the caller refreshes them. */
      public: boolean
      /** The status page's token (ctx.receipt): handed to the sender once, stored only hashed. */
      receiptToken?: string
    }
  | {
      status: 'duplicate'
      id: number
      postSlug: string
      existing: { status: SubmissionStatus; deleted: boolean; public: boolean }
    }

/**
 * THE way into the queue: every source of submissions (the reader form, a
 * verified Webmention, any future one) calls this, and nothing else writes to
 * `submissions`. In one transaction it takes the rate-limit hit, applies the
 * domain rules (blocked → spam, announced to no one; trusted → published at
 * once), inserts the row or finds the one already there, writes the first
 * audit row (naming the rule that decided, if one did) and enqueues the
 * follow-up jobs (link check, notifications). All of it commits, or none does.
 *
 * Before that, outside the transaction, every piece of text is undisguised
 * and validated the same way whatever its source: bidi controls removed,
 * control characters refused (typed) or dropped (fetched), the URL checked
 * against the same policy as the form's.
 *
 * A link already sent for the post is a duplicate, even when the author deleted
 * it: the deleted row keeps its key until it is purged, so nobody can bring back
 * what the author threw away.
 */
export async function intake(
  /** The database, or a way to open it: bad input is answered even while it is down. */
  db: Database | (() => Promise<Database>),
  input: IntakeInput,
  ctx: IntakeContext,
): Promise<IntakeOutcome> {
  const fields =
    ctx.text === 'fetched'
      ? {
          url: input.url,
          title: fitFetchedText(input.title, FIELD_LIMITS.title),
          name: fitFetchedText(input.name, FIELD_LIMITS.name),
          note: fitFetchedText(input.note, FIELD_LIMITS.note),
        }
      : { url: input.url, title: input.title, name: input.name, note: input.note }
  const valid = validateSubmission(fields, ctx.ownHost)
  if (!valid.ok) return { status: 'invalid', fieldErrors: valid.fieldErrors }
  const database = typeof db === 'function' ? await db() : db
  return admitValid(database, { ...valid.data, postSlug: input.postSlug }, ctx)
}

/**
 * The transaction half of intake(), for input validated already (intake's
 * own first half, or a script storing rows the form's way). The database's
 * check constraints remain the last word on lengths.
 */
export async function admitValid(
  db: Database,
  data: ValidSubmission & { postSlug: string },
  ctx: Omit<IntakeContext, 'ownHost' | 'text'>,
): Promise<Exclude<IntakeOutcome, { status: 'invalid' }>> {
  try {
    return await db.transaction(async (tx) => {
      if (ctx.rateLimit) await takeRateLimitHit(tx, ctx.rateLimit.key, ctx.rateLimit.limit)
      const initial = await initialStatusFor(tx, data.url, ctx.source)
      const ruled = initial.status !== 'pending'
      const [row] = await tx
        .insert(submissions)
        .values({
          postSlug: data.postSlug,
          url: data.url,
          normalizedUrl: data.normalizedUrl,
          title: data.title,
          submitterName: data.name,
          note: data.note,
          ipHash: ctx.ipHash,
          sourceKind: ctx.source,
          status: initial.status,
          ...(ruled ? { moderatedAt: sql`now()`, moderatedBy: initial.via } : {}),
          ...(initial.status === 'approved' ? { approvedAt: sql`now()` } : {}),
        })
        .onConflictDoNothing({ target: [submissions.postSlug, submissions.normalizedUrl] })
        .returning({
          id: submissions.id,
          status: submissions.status,
          deletedAt: submissions.deletedAt,
          hiddenAt: submissions.hiddenAt,
        })
      if (!row) return duplicate(tx, data.postSlug, data.normalizedUrl)
      await recordChanges(tx, [
        {
          submissionId: row.id,
          actor: null,
          from: null,
          to: initial.status,
          via: initial.via,
          detail: initial.detail,
        },
      ])
      // A blocked domain's link is neither checked nor announced.
      if (row.status !== 'spam') {
        await enqueueFollowUps(tx, 'submission.created', { id: row.id, status: row.status })
      }
      // Whatever a domain rule decided, spam included: the receipt must not tell the rule.
      const receiptToken = ctx.receipt ? await issueReceipt(tx, row.id) : undefined
      return {
        status: 'created' as const,
        id: row.id,
        postSlug: data.postSlug,
        initialStatus: row.status,
        public: isPublic(row),
        ...(receiptToken ? { receiptToken } : {}),
      }
    })
  } catch (error) {
    if (error instanceof RateLimited) {
      return { status: 'rate-limited', retryAfterSeconds: error.retryAfterSeconds }
    }
    throw error
  }
}

async function duplicate(
  tx: Database,
  postSlug: string,
  normalizedUrl: string,
): Promise<Extract<IntakeOutcome, { status: 'duplicate' }>> {
  const [existing] = await tx
    .select({
      id: submissions.id,
      status: submissions.status,
      deletedAt: submissions.deletedAt,
      hiddenAt: submissions.hiddenAt,
    })
    .from(submissions)
    .where(and(eq(submissions.postSlug, postSlug), eq(submissions.normalizedUrl, normalizedUrl)))
  // The conflict says it exists; only a purge between the two statements could hide it.
  if (!existing) throw new Error('the existing submission vanished during intake')
  return {
    status: 'duplicate' as const,
    id: existing.id,
    postSlug,
    existing: {
      status: existing.status,
      deleted: existing.deletedAt !== null,
      public: isPublic(existing),
    },
  }
}
