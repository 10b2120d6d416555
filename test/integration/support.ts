import { sql } from 'drizzle-orm'
import type { Database } from '@/lib/db'
import type { RateLimit } from '@/lib/intake/store'
import type { SubmitContext } from '@/lib/intake/form'
import { queryRows } from '../support/test-databases'

/** Shared fixtures for the data-layer integration tests (not a test file itself). */
export const POST = 'writing-about-failures'
export const OTHER_POST = 'spec-driven-from-scratch'
export const OWN_HOST = 'redgreenrepeat.dev'
export const GENEROUS_LIMIT: RateLimit = { max: 10_000, windowSeconds: 600 }

/** The context the server action builds, pointed at a test database. */
export function context(db: Database, overrides: Partial<SubmitContext> = {}): SubmitContext {
  return {
    database: async () => db,
    ipHash: 'ip-hash-default',
    ownHost: OWN_HOST,
    rateLimit: GENEROUS_LIMIT,
    acceptsLinks: (slug) => slug === POST || slug === OTHER_POST,
    ...overrides,
  }
}

/** What the form posts: every field present as a string, the honeypot empty. */
export function form(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    postSlug: POST,
    url: 'https://example.com/story',
    title: 'My story',
    name: 'Ada',
    note: 'Thanks for the post.',
    homepage: '',
    ...overrides,
  }
}

export type SubmissionRow = {
  id: number
  post_slug: string
  url: string
  normalized_url: string
  title: string | null
  submitter_name: string | null
  note: string | null
  status: string
  created_at: unknown
  moderated_at: unknown
  moderated_by: string | null
  ip_hash: string
}

/** Every column of every submission, as the database holds it, oldest id first. */
export const allSubmissions = (db: Database) =>
  queryRows<SubmissionRow>(db, sql`select * from submissions order by id`)

/** Marks rows approved the way the moderation screen would, bypassing it. */
export async function approve(db: Database, where = sql`true`): Promise<void> {
  await db.execute(
    sql`update submissions set status = 'approved', moderated_at = now(), moderated_by = 'author' where ${where}`,
  )
}

/** The messages of an error and of its causes (drizzle wraps the driver's error). */
export function errorChain(error: unknown): string {
  const messages: string[] = []
  for (let e = error; e instanceof Error && messages.length < 10; e = e.cause) {
    messages.push(e.message)
  }
  return messages.join(' <- ')
}
