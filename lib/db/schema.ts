import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

export const SUBMISSION_STATUSES = ['pending', 'approved', 'rejected', 'spam'] as const
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number]

export const submissionStatus = pgEnum('submission_status', SUBMISSION_STATUSES)

export const SUBMISSION_SOURCES = ['form', 'webmention'] as const
export type SubmissionSource = (typeof SUBMISSION_SOURCES)[number]
export const submissionSource = pgEnum('submission_source', SUBMISSION_SOURCES)

export const submissions = pgTable(
  'submissions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    postSlug: text('post_slug').notNull(),
    /** Exactly as the reader sent it (after trimming). */
    url: text('url').notNull(),
    /** The de-duplication key: see lib/submissions/normalize-url.ts. */
    normalizedUrl: text('normalized_url').notNull(),
    title: text('title'),
    submitterName: text('submitter_name'),
    note: text('note'),
    status: submissionStatus('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    /** When it was last approved (an edit moves moderated_at, not this); feeds date entries by it. */
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    moderatedBy: text('moderated_by'),
    /** HMAC of the client IP with a secret salt; the raw IP is never stored. */
    ipHash: text('ip_hash').notNull(),
    /** How it reached us: the reader form, or a Webmention (lib/webmention). */
    sourceKind: submissionSource('source_kind').notNull().default('form'),
    /**
     * Soft delete: set by "Delete", cleared by "Undo"; the row is purged 30 days
     * later (lib/moderation/purge.ts). A deleted row keeps its unique
     * (post, normalized_url) key, so the link stays de-duplicated meanwhile.
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /**
     * An approved link taken off the public lists without changing its status:
     * by the author ("Hide"), or by an automatic signal the author allowed
     * (a failing link with auto-hide on, the link's own Webmention withdrawn,
     * the reader withdrawing it). Re-approving clears it. See lib/visibility.
     */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    /** Through what it was hidden (an AuditVia: 'admin', 'link-check', 'webmention', …). */
    hiddenVia: text('hidden_via'),
    /**
     * Why an automatic signal wants the author to look at this link ("Needs a
     * look"), e.g. its link failed three checks in a row; null when nothing does.
     */
    needsLook: text('needs_look'),
    needsLookAt: timestamp('needs_look_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('submissions_post_url_key').on(t.postSlug, t.normalizedUrl),
    // The moderation queue: filter by status, keyset-paginate by (created_at, id).
    index('submissions_queue_idx').on(t.status, t.createdAt, t.id),
    index('submissions_post_queue_idx').on(t.postSlug, t.status, t.createdAt, t.id),
    // A post's public list: only approved rows, newest first.
    index('submissions_approved_idx')
      .on(t.postSlug, t.createdAt.desc())
      .where(sql`${t.status} = 'approved' and ${t.deletedAt} is null`),
    // The "Deleted" filter and the purge.
    index('submissions_deleted_idx')
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} is not null`),
    // The validation layer enforces these too; the database is the last word.
    check('submissions_url_length', sql`char_length(${t.url}) <= 2048`),
    check('submissions_title_length', sql`char_length(${t.title}) <= 200`),
    check('submissions_name_length', sql`char_length(${t.submitterName}) <= 80`),
    check('submissions_note_length', sql`char_length(${t.note}) <= 500`),
  ],
)

export type Submission = typeof submissions.$inferSelect

/**
 * What a row's audit trail says it moved between: a status, 'deleted' (in the
 * trash, restorable) or 'hidden' (approved, but off the public lists).
 * `null` as the "from" of a row's first entry: it was created.
 */
export type AuditState = SubmissionStatus | 'deleted' | 'hidden'

/**
 * The audit log: one row per change to a submission (created, status moved,
 * edited, deleted, restored), written in the same transaction as the change
 * (applyChange in lib/moderation/moderate.ts, and the intake in lib/intake). Purging a submission purges its history.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Who: the author's id, or null when a rule or the system acted. */
    actor: text('actor'),
    fromStatus: text('from_status').$type<AuditState>(),
    toStatus: text('to_status').$type<AuditState>().notNull(),
    /** Through what: 'form', 'admin', 'one-click', 'trusted-domain rule', … (AuditVia). */
    via: text('via').notNull(),
    /** What else changed or why, e.g. "title edited" or the domain a rule matched. */
    detail: text('detail'),
  },
  (t) => [index('audit_log_submission_idx').on(t.submissionId, t.id)],
)

export type AuditRow = typeof auditLog.$inferSelect

export const DOMAIN_RULES = ['trusted', 'blocked'] as const
export type DomainRuleKind = (typeof DOMAIN_RULES)[number]
export const domainRuleKind = pgEnum('domain_rule_kind', DOMAIN_RULES)

/**
 * Registrable domains (example.co.uk, not blog.example.co.uk) whose later
 * submissions are approved at once (trusted) or go straight to spam (blocked).
 * One rule per domain: a domain is trusted or blocked, never both.
 */
export const domainRules = pgTable('domain_rules', {
  domain: text('domain').primaryKey(),
  kind: domainRuleKind('kind').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: text('created_by'),
})

export type DomainRule = typeof domainRules.$inferSelect

/** One row per accepted attempt; rows older than the window are pruned as we go. */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ipHash: text('ip_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rate_limit_hits_ip_time_idx').on(t.ipHash, t.createdAt),
    index('rate_limit_hits_time_idx').on(t.createdAt),
  ],
)

/**
 * Password sign-in attempts that count against the limits, per hashed client:
 * written when an attempt starts, deleted when its password was right
 * (lib/auth/sign-in-limit.ts).
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_failures_key_time_idx').on(t.keyHash, t.createdAt),
    // The account-wide count looks at every client's failures by time.
    index('sign_in_failures_time_idx').on(t.createdAt),
  ],
)

/** The author's live sessions: a session cookie whose row is gone signs nobody in. */
export const authorSessions = pgTable(
  'author_sessions',
  {
    /** Random, unguessable; carried inside the signed session cookie. */
    id: text('id').primaryKey(),
    authorId: text('author_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /**
     * Fingerprint of the author configuration the session was made for
     * (lib/auth/author.ts): once the configured author changes, it no longer
     * matches and the session is ended. Null for sessions made before it existed.
     */
    identity: text('identity'),
  },
  (t) => [index('author_sessions_expires_idx').on(t.expiresAt)],
)

/**
 * Work that must happen after a change commits (link checks, notifications):
 * written in the same transaction as the change, run after the response and
 * retried until done, so a function that dies mid-way loses nothing.
 * See lib/outbox/queue.ts.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** At most one job per key, ever: enqueueing the same key again is a no-op. */
    dedupeKey: text('dedupe_key'),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    /** A claimed job is leased until then; a worker that died lets it go when the lease ends. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Gave up after too many failures; last_error says why. */
    deadAt: timestamp('dead_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
    index('outbox_due_idx')
      .on(t.runAfter, t.id)
      .where(sql`${t.doneAt} is null and ${t.deadAt} is null`),
  ],
)

export type OutboxRow = typeof outbox.$inferSelect

/**
 * When each cache tag last expired (ms since the epoch), so that every instance
 * of the app drops the cached entries an updateTag on any one of them made stale
 * (lib/cache). One row per tag: a few per post.
 */
export const cacheTagExpirations = pgTable('cache_tag_expirations', {
  tag: text('tag').primaryKey(),
  expiredAt: bigint('expired_at', { mode: 'number' }).notNull(),
})

/**
 * The latest fetch of a submission's link (lib/links/check.ts), one row per
 * submission. What the public sees is decided in lib/submissions/public-list.ts.
 */
export const linkChecks = pgTable(
  'link_checks',
  {
    submissionId: integer('submission_id')
      .primaryKey()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    /** Answered 2xx (after redirects). */
    reachable: boolean('reachable').notNull(),
    httpStatus: integer('http_status'),
    finalUrl: text('final_url'),
    /** Why it was not reachable, in words (time-out, refused address, ...). */
    error: text('error'),
    title: text('title'),
    description: text('description'),
    siteName: text('site_name'),
    author: text('author'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    linksBack: boolean('links_back').notNull().default(false),
    /** Failed checks in a row; LINK_FAILURES_TO_HIDE of them hide an approved link. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** The author chose to keep the link shown although its checks fail. */
    keepShown: boolean('keep_shown').notNull().default(false),
    /** A Webmention source that answered 404/410 or stopped linking: out of the public lists. */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    // The scheduled re-check takes the oldest checks first.
    index('link_checks_checked_at_idx').on(t.checkedAt),
    index('link_checks_failing_idx')
      .on(t.submissionId)
      .where(sql`${t.consecutiveFailures} > 0`),
  ],
)

export type LinkCheck = typeof linkChecks.$inferSelect

export const WEBMENTION_STATUSES = ['queued', 'accepted', 'rejected', 'withdrawn'] as const
export type WebmentionStatus = (typeof WEBMENTION_STATUSES)[number]
export const webmentionStatus = pgEnum('webmention_status', WEBMENTION_STATUSES)

/**
 * Webmentions received (lib/webmention). One row per source and target: a
 * repeated mention refreshes it. A verified one points at the submission it
 * became, which goes through moderation like a form submission.
 */
export const webmentions = pgTable(
  'webmentions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Unguessable id for the status page the 202 answer's Location points at. */
    token: text('token').notNull(),
    source: text('source').notNull(),
    target: text('target').notNull(),
    postSlug: text('post_slug').notNull(),
    status: webmentionStatus('status').notNull().default('queued'),
    /** Why it was rejected or withdrawn, in words shown on the status page. */
    detail: text('detail'),
    submissionId: integer('submission_id').references(() => submissions.id, {
      onDelete: 'set null',
    }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /**
     * The submission was created by this mention (not joined to a link a reader
     * sent through the form): only then may the mention's later updates and
     * withdrawals change it.
     */
    createdSubmission: boolean('created_submission').notNull().default(false),
  },
  (t) => [
    uniqueIndex('webmentions_token_key').on(t.token),
    uniqueIndex('webmentions_source_target_key').on(t.source, t.target),
    check('webmentions_source_length', sql`char_length(${t.source}) <= 2048`),
  ],
)

export type Webmention = typeof webmentions.$inferSelect

/**
 * How each new submission's email went out (lib/notify/email-jobs.ts): alone, or
 * in its window's digest. The row is the decision, taken once under a lock per
 * window, so concurrent instances agree; sent_at makes a retry after an SMTP
 * failure send what is still unsent and nothing twice.
 */
export const notifyEmails = pgTable(
  'notify_emails',
  {
    submissionId: integer('submission_id')
      .primaryKey()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    mode: text('mode', { enum: ['single', 'digest'] }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('notify_emails_window_idx').on(t.windowStart, t.mode)],
)

/** One-click moderation tokens already used: the insert is the atomic "use once". */
export const usedOneClickTokens = pgTable('used_one_click_tokens', {
  nonce: text('nonce').primaryKey(),
  submissionId: integer('submission_id').notNull(),
  action: text('action').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * One row per Webmention request received: each sender gets a status page of
 * its own (its token), never the token of an earlier sender of the same
 * source and target.
 */
export const webmentionReceipts = pgTable(
  'webmention_receipts',
  {
    token: text('token').primaryKey(),
    webmentionId: integer('webmention_id')
      .notNull()
      .references(() => webmentions.id, { onDelete: 'cascade' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webmention_receipts_mention_idx').on(t.webmentionId)],
)

/** The author's site settings (lib/settings), one row per key; a missing key is its default. */
export const siteSettings = pgTable('site_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
})

/**
 * Webmentions this site sent (lib/webmention/send): one row per attempt, so
 * the author sees on a submission's card what each receiver was told and when.
 * `submission_id` is set for mentions about a reader's link, null for the
 * links in the author's own posts.
 */
export const webmentionSends = pgTable(
  'webmention_sends',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    source: text('source').notNull(),
    target: text('target').notNull(),
    submissionId: integer('submission_id').references(() => submissions.id, {
      onDelete: 'cascade',
    }),
    /** Why it was sent: 'approved', 'taken-back', 'withdrawn', 'post'. */
    reason: text('reason').notNull(),
    /** The endpoint discovered; null when none was found or discovery failed. */
    endpoint: text('endpoint'),
    /** 'sent', 'no-endpoint', 'failed', 'refused', 'skipped'. */
    outcome: text('outcome').notNull(),
    httpStatus: integer('http_status'),
    detail: text('detail'),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webmention_sends_submission_idx').on(t.submissionId, t.attemptedAt),
    index('webmention_sends_source_target_idx').on(t.source, t.target),
  ],
)

/**
 * The external links of the author's own posts that were mentioned, with the
 * post's content hash at the time: a link is mentioned once per source and
 * target, and again when the post changes (lib/webmention/send).
 */
export const postMentions = pgTable(
  'post_mentions',
  {
    source: text('source').notNull(),
    target: text('target').notNull(),
    contentHash: text('content_hash').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.target] })],
)

/**
 * The reader's private status page (/links/status/<token>): only the sha256 of
 * the token is kept, so the table cannot be read back into working links. One
 * per submission made through the form.
 */
export const readerReceipts = pgTable(
  'reader_receipts',
  {
    tokenHash: text('token_hash').primaryKey(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reader_receipts_submission_idx').on(t.submissionId)],
)
