import type { ReactNode } from 'react'
import type { LinkCheck } from '@/lib/db/schema'
import { NOT_CHECKED_LIMITED } from '@/lib/links/check'
import { formatWhen } from '@/lib/format'

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
  const limited = check?.error === NOT_CHECKED_LIMITED
  return (
    <section
      className="link-check"
      aria-label="Link check"
      data-reachable={check ? String(check.reachable) : undefined}
    >
      <p className="meta">
        {webmention ? <strong className="source-kind">Webmention</strong> : null}
        {webmention ? ' · ' : null}
        {limited ? (
          <strong>Not checked (outbound fetches are limited)</strong>
        ) : check ? (
          <>
            <strong className={check.reachable ? 'check-ok' : 'check-failed'}>
              {check.reachable ? 'Reachable' : 'Not reachable'}
            </strong>
            {check.httpStatus !== null ? ` · HTTP ${check.httpStatus}` : null}
            {check.error && check.httpStatus === null ? ` · ${check.error}` : null} · links back:{' '}
            <strong>{check.linksBack ? 'yes' : 'no'}</strong> · checked{' '}
            <time dateTime={check.checkedAt.toISOString()}>{formatWhen(check.checkedAt)}</time>
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
              <dd>{formatWhen(check.publishedAt)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {check && check.consecutiveFailures > 0 ? (
        <p className="meta">
          Failed {check.consecutiveFailures} check{check.consecutiveFailures === 1 ? '' : 's'} in a
          row.
          {check.keepShown ? ' Kept shown by you until a check passes.' : null}
        </p>
      ) : null}
      {actions}
    </section>
  )
}
