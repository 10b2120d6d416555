import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../db'
import { linkChecks, submissions } from '../db/schema'
import { safeFetch, type FetchedPage, type SafeFetchOptions } from '../net/safe-fetch'
import { publicVisibility } from '../submissions/public-list'
import { publicListsChanged } from '../submissions/visibility-events'
import { linksTo, readPageMetadata, type PageMetadata } from './page-metadata'

export type LinkCheckContext = {
  /** The site's origin; a post's URL is `${siteUrl}/posts/${slug}`. */
  siteUrl: string
  fetch?: SafeFetchOptions
}

export type CheckResult = {
  submissionId: number
  reachable: boolean
  status: number | null
  linksBack: boolean
  /** The link joined or left its post's public list because of this check. */
  visibilityChanged: boolean
  page: FetchedPage
  metadata: PageMetadata | null
}

export const postUrl = (siteUrl: string, slug: string): string =>
  new URL(`/posts/${slug}`, siteUrl).href

const FAILURE_WORDS: Record<string, string> = {
  scheme: 'not an http(s) link',
  'refused-address': 'points to an internal address',
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
 * (a pass resets them and the author's "keep shown"). Fills an empty title
 * from the page. Returns whether the public list changed.
 */
export async function recordCheck(
  db: Database,
  submissionId: number,
  page: FetchedPage,
  linksBackTo: string,
): Promise<CheckResult | null> {
  const before = await publicVisibility(db, submissionId)
  if (!before) return null
  const metadata = page.ok && page.html !== null ? readPageMetadata(page.html, page.finalUrl) : null
  const reachable = page.ok && page.status >= 200 && page.status < 300
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
  await db.transaction(async (tx) => {
    await tx
      .insert(linkChecks)
      .values({ submissionId, ...values, consecutiveFailures: reachable ? 0 : 1 })
      .onConflictDoUpdate({
        target: linkChecks.submissionId,
        set: {
          ...values,
          consecutiveFailures: reachable ? 0 : sql`${linkChecks.consecutiveFailures} + 1`,
          ...(reachable ? { keepShown: false } : {}),
        },
      })
    if (metadata?.title) {
      // Only an empty title: whatever the reader or the author wrote stays.
      await tx
        .update(submissions)
        .set({ title: metadata.title })
        .where(and(eq(submissions.id, submissionId), isNull(submissions.title)))
    }
  })
  const after = await publicVisibility(db, submissionId)
  const visibilityChanged = Boolean(after && after.visible !== before.visible)
  if (visibilityChanged) await publicListsChanged([before.postSlug])
  return {
    submissionId,
    reachable,
    status: page.ok ? page.status : null,
    linksBack,
    visibilityChanged,
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

/** The author keeps a failing link shown; the next passing check clears the choice. */
export async function keepShown(db: Database, submissionId: number): Promise<boolean> {
  const before = await publicVisibility(db, submissionId)
  const rows = await db
    .update(linkChecks)
    .set({ keepShown: true })
    .where(eq(linkChecks.submissionId, submissionId))
    .returning({ id: linkChecks.submissionId })
  const after = await publicVisibility(db, submissionId)
  if (before && after && before.visible !== after.visible) {
    await publicListsChanged([before.postSlug])
  }
  return rows.length > 0
}
