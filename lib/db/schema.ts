import { sql } from 'drizzle-orm'
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

export const SUBMISSION_STATUSES = ['pending', 'approved', 'rejected', 'spam'] as const
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number]

export const submissionStatus = pgEnum('submission_status', SUBMISSION_STATUSES)

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
    moderatedBy: text('moderated_by'),
    /** HMAC of the client IP with a secret salt; the raw IP is never stored. */
    ipHash: text('ip_hash').notNull(),
  },
  (t) => [
    uniqueIndex('submissions_post_url_key').on(t.postSlug, t.normalizedUrl),
    // The moderation queue: filter by status, keyset-paginate by (created_at, id).
    index('submissions_queue_idx').on(t.status, t.createdAt, t.id),
    index('submissions_post_queue_idx').on(t.postSlug, t.status, t.createdAt, t.id),
    // A post's public list: only approved rows, newest first.
    index('submissions_approved_idx')
      .on(t.postSlug, t.createdAt.desc())
      .where(sql`${t.status} = 'approved'`),
    // The validation layer enforces these too; the database is the last word.
    check('submissions_url_length', sql`char_length(${t.url}) <= 2048`),
    check('submissions_title_length', sql`char_length(${t.title}) <= 200`),
    check('submissions_name_length', sql`char_length(${t.submitterName}) <= 80`),
    check('submissions_note_length', sql`char_length(${t.note}) <= 500`),
  ],
)

export type Submission = typeof submissions.$inferSelect

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

/** Failed author sign-ins per hashed client, to slow down password guessing. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_time_idx').on(t.keyHash, t.createdAt)],
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
