import type { ReactNode } from 'react'
import type { LinkCheck } from '@/lib/db/schema'
import { LINK_FAILURES_TO_HIDE } from '@/lib/submissions/public-list'

const when = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(d) + ' UTC'

/**
 * What the latest fetch of a submission's link found, all rendered as text:
 * the page's own words are shown, never trusted as markup. `actions` holds the
 * "Check again" / "Keep shown" buttons (forms beside the admin route).
 */
export function LinkCheckPanel({
  url,
  check,
  webmention,
  actions,
}: {
  url: string
  check: LinkCheck | undefined
  webmention: boolean
  actions: ReactNode
}) {
  const hidden =
    check !== undefined &&
    (check.withdrawnAt !== null ||
      (check.consecutiveFailures >= LINK_FAILURES_TO_HIDE && !check.keepShown))
  return (
    <section
      className="link-check"
      aria-label="Link check"
      data-reachable={check ? String(check.reachable) : undefined}
    >
      <p className="meta">
        {webmention ? <strong className="source-kind">Webmention</strong> : null}
        {webmention ? ' · ' : null}
        {check ? (
          <>
            <strong className={check.reachable ? 'check-ok' : 'check-failed'}>
              {check.reachable ? 'Reachable' : 'Not reachable'}
            </strong>
            {check.httpStatus !== null ? ` · HTTP ${check.httpStatus}` : null}
            {check.error && check.httpStatus === null ? ` · ${check.error}` : null} · links back:{' '}
            <strong>{check.linksBack ? 'yes' : 'no'}</strong> · checked{' '}
            <time dateTime={check.checkedAt.toISOString()}>{when(check.checkedAt)}</time>
          </>
        ) : (
          'Not checked yet.'
        )}
      </p>
      {check?.finalUrl && check.finalUrl !== url ? (
        <p className="meta">
          Redirected to <span className="url-text">{check.finalUrl}</span>
        </p>
      ) : null}
      {check?.title || check?.description ? (
        <dl className="page-meta">
          {check.title ? (
            <>
              <dt>Page title</dt>
              <dd>{check.title}</dd>
            </>
          ) : null}
          {check.description ? (
            <>
              <dt>Description</dt>
              <dd>{check.description}</dd>
            </>
          ) : null}
          {check.siteName || check.author ? (
            <>
              <dt>By</dt>
              <dd>{[check.author, check.siteName].filter(Boolean).join(', ')}</dd>
            </>
          ) : null}
          {check.publishedAt ? (
            <>
              <dt>Published</dt>
              <dd>{when(check.publishedAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {check && check.consecutiveFailures > 0 ? (
        <p className={hidden ? 'form-error' : 'meta'}>
          Failed {check.consecutiveFailures} check{check.consecutiveFailures === 1 ? '' : 's'} in a
          row.{' '}
          {check.withdrawnAt
            ? 'Its source withdrew it: hidden from the public list.'
            : hidden
              ? 'Hidden from the public list.'
              : check.keepShown
                ? 'Kept shown by you until a check passes.'
                : null}
        </p>
      ) : check?.withdrawnAt ? (
        <p className="form-error">
          Its source no longer links here or is gone: hidden from the public list.
        </p>
      ) : null}
      {actions}
    </section>
  )
}
