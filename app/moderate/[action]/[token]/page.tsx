import type { Metadata } from 'next'
import { connection } from 'next/server'
import { OneClickForm } from './one-click-form'
import { getDatabase } from '@/lib/db'
import { formatWhen } from '@/lib/format'
import { oneClickSecret } from '@/lib/notify/config'
import { inspectOneClick, type OneClickView } from '@/lib/notify/one-click'
import { ACTION_TEXT } from '@/lib/notify/one-click-text'
import { RefusalNotice } from '../../_components/refusal-notice'

export const metadata: Metadata = {
  title: 'One-click moderation',
  robots: { index: false, follow: false },
  // The token is in this page's address: never send it on to the submitted site.
  referrer: 'no-referrer',
}

async function load(action: string, token: string): Promise<OneClickView | 'unavailable'> {
  try {
    const { db } = await getDatabase()
    return await inspectOneClick(db, { secret: oneClickSecret(), action, token })
  } catch (error) {
    console.error('one-click page: could not read the submission:', error)
    return 'unavailable'
  }
}

/**
 * Where a notification's Approve or Reject link leads. Viewing it changes
 * nothing (mail scanners open links); only its one button, a POST, acts. The
 * token is the authority, so no sign-in is needed (see README, one-click links).
 */
export default async function OneClickPage(props: PageProps<'/moderate/[action]/[token]'>) {
  await connection()
  const { action, token } = await props.params
  const view = await load(action, token)

  if (view === 'unavailable') {
    return (
      <div className="one-click">
        <h1>Try again in a moment</h1>
        <p>The submission could not be read just now. Nothing was done.</p>
      </div>
    )
  }
  if (!view.ok) {
    return (
      <RefusalNotice reason={view.reason}>
        {view.submission ? (
          <p>
            It is now <strong>{view.submission.status}</strong>.
          </p>
        ) : null}
      </RefusalNotice>
    )
  }

  const { submission: s, claims, linkCheck } = view
  const words = ACTION_TEXT[claims.action]
  return (
    <div className="one-click">
      <h1>{words.question}</h1>
      <dl className="one-click-details">
        <dt>Post</dt>
        <dd>
          <a href={`/posts/${s.postSlug}`}>{s.postSlug}</a>
        </dd>
        <dt>Link</dt>
        <dd>
          <a href={s.url} rel="ugc nofollow noopener noreferrer" target="_blank">
            {s.url}
          </a>
        </dd>
        <dt>Title</dt>
        <dd>{s.title ?? '(none given)'}</dd>
        <dt>Name</dt>
        <dd>{s.name ?? '(none given)'}</dd>
        <dt>Note</dt>
        <dd>{s.note ?? '(none given)'}</dd>
        <dt>Status</dt>
        <dd>
          {s.status}, sent{' '}
          <time dateTime={s.createdAt.toISOString()}>{formatWhen(s.createdAt)}</time>
        </dd>
        <dt>Link check</dt>
        {linkCheck ? (
          <>
            <dd>
              {linkCheck.outcome}, checked{' '}
              <time dateTime={linkCheck.checkedAt.toISOString()}>
                {formatWhen(linkCheck.checkedAt)}
              </time>
            </dd>
            <dt>Page title</dt>
            <dd>{linkCheck.title ?? '(none found)'}</dd>
            <dt>Links back to the post</dt>
            <dd>{linkCheck.linksBack ? 'yes' : 'no'}</dd>
          </>
        ) : (
          <dd>Not checked yet.</dd>
        )}
      </dl>
      <OneClickForm action={claims.action} token={token} label={words.button} />
      <p className="meta">
        Nothing has changed yet: only the button does anything. This link works once, until{' '}
        {formatWhen(new Date(claims.expiresAt))}.
      </p>
    </div>
  )
}

export const instant = false
