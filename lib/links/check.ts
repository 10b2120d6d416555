import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, submissions } from '../db/schema'
import { FIELD_LIMITS } from '../submissions/fields'
import { fitFetchedText } from '../text/fetched'
import { safeFetch, type FetchedPage, type SafeFetchOptions } from '../net/safe-fetch'
import { linksTo, readPageMetadata, type PageMetadata } from './page-metadata'
import { linkCheckSignal } from './signal'

export type LinkCheckContext = {
  /** The site's origin; a post's URL is `${siteUrl}/posts/${slug}`. */
  siteUrl: string
  fetch?: SafeFetchOptions
}

export type CheckResult = {
  submissionId: number
  reachable: boolean
  /** False when nothing was fetched because outbound fetches are limited (OUTBOUND_ALLOW_ONLY). */
  checked: boolean
  status: number | null
  linksBack: boolean
  /** The link joined or left its post's public list because of this check. */
  visibilityChanged: boolean
  page: FetchedPage
  metadata: PageMetadata | null
}

export const postUrl = (siteUrl: string, slug: string): string =>
  new URL(`/posts/${slug}`, siteUrl).href

/** What the author reads for a link that was not fetched at all. */
export const NOT_CHECKED_LIMITED = 'not checked (outbound fetches are limited)'

const FAILURE_WORDS: Record<string, string> = {
  scheme: 'not an http(s) link',
  'refused-address': 'points to an internal address',
  limited: NOT_CHECKED_LIMITED,
  dns: 'the domain does not resolve',
  'too-many-redirects': 'too many redirects',
  timeout: 'timed out',
  network: 'could not connect',
}

/** Words for the admin: why a fetch did not give a page. */
export function describeFailure(page: FetchedPage): string | null {
  if (page.ok) return page.status >= 200 && page.status < 300 ? null : `HTTP ${page.status}`
  return FAILURE_WORDS[page.reason] ?? page.reason
}

/**
 * Stores the outcome of one fetch of a submission's link: status, where it
 * ended, what the page says, whether it links back; counts failures in a row
 * (a pass resets them and the author's "keep shown"). A link that was not
 * fetched because outbound fetches are limited is recorded as not checked and
 * counts as no failure. Fills an empty title from the page, undisguised.
 *
 * What the check means for the public lists is not decided here: the result
 * goes to linkCheckSignal (lib/links/signal.ts), which flags the link for the
 * author, or hides it only where the author's settings say so.
 */
export async function recordCheck(
  db: Database,
  submissionId: number,
  page: FetchedPage,
  linksBackTo: string,
): Promise<CheckResult | null> {
  const [row] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(eq(submissions.id, submissionId))
  if (!row) return null
  const metadata = page.ok && page.html !== null ? readPageMetadata(page.html, page.finalUrl) : null
  const reachable = page.ok && page.status >= 200 && page.status < 300
  const checked = page.ok || page.reason !== 'limited'
  const linksBack = metadata ? linksTo(metadata.links, linksBackTo) : false
  const values = {
    checkedAt: sql`now()`,
    reachable,
    httpStatus: page.ok ? page.status : null,
    finalUrl: page.finalUrl,
    error: describeFailure(page),
    title: metadata?.title ?? null,
    description: metadata?.description ?? null,
    siteName: metadata?.siteName ?? null,
    author: metadata?.author ?? null,
    publishedAt: metadata?.publishedAt ?? null,
    linksBack,
  }
  const failures = !checked
    ? sql`${linkChecks.consecutiveFailures}`
    : reachable
      ? sql`0`
      : sql`${linkChecks.consecutiveFailures} + 1`
  const [stored] = await db.transaction(async (tx) => {
    const saved = await tx
      .insert(linkChecks)
      .values({ submissionId, ...values, consecutiveFailures: checked && !reachable ? 1 : 0 })
      .onConflictDoUpdate({
        target: linkChecks.submissionId,
        set: {
          ...values,
          consecutiveFailures: failures,
          ...(reachable ? { keepShown: false } : {}),
        },
      })
      .returning({
        consecutiveFailures: linkChecks.consecutiveFailures,
        keepShown: linkChecks.keepShown,
        error: linkChecks.error,
      })
    const title = fitFetchedText(metadata?.title, FIELD_LIMITS.title)
    if (title) {
      // Only an empty title: whatever the reader or the author wrote stays.
      await tx
        .update(submissions)
        .set({ title })
        .where(and(eq(submissions.id, submissionId), isNull(submissions.title)))
    }
    return saved
  })
  const signal =
    checked && stored
      ? await linkCheckSignal(db, submissionId, {
          reachable,
          consecutiveFailures: stored.consecutiveFailures,
          keepShown: stored.keepShown,
          error: stored.error,
        })
      : { visibilityChanged: false }
  return {
    submissionId,
    reachable,
    checked,
    status: page.ok ? page.status : null,
    linksBack,
    visibilityChanged: signal.visibilityChanged,
    page,
    metadata,
  }
}

/** Fetches a submission's link through the safe fetcher and records the check. */
export async function checkSubmissionLink(
  db: Database,
  submissionId: number,
  ctx: LinkCheckContext,
): Promise<CheckResult | null> {
  const [row] = await db
    .select({ url: submissions.url, postSlug: submissions.postSlug })
    .from(submissions)
    .where(eq(submissions.id, submissionId))
  if (!row) return null
  const page = await safeFetch(row.url, ctx.fetch)
  return recordCheck(db, submissionId, page, postUrl(ctx.siteUrl, row.postSlug))
}
