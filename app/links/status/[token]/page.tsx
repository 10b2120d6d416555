import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { connection } from 'next/server'
import { getDatabase } from '@/lib/db'
import { formatWhen } from '@/lib/format'
import { getPost } from '@/lib/posts'
import { readerStatus, type ReaderStatusView } from '@/lib/reader-status/status'
import { STANDING_TEXT, siteToldText } from '@/lib/reader-status/text'

export const metadata: Metadata = {
  title: 'Your link',
  // A capability URL: never indexed, and never passed on as a Referer (next.config.mjs
  // sends the same as headers, so the rule holds before this HTML is read).
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
}

async function load(token: string): Promise<ReaderStatusView | null | 'unavailable'> {
  try {
    const { db } = await getDatabase()
    return await readerStatus(db, token)
  } catch (error) {
    console.error('reader status page: could not read the link:', error)
    return 'unavailable'
  }
}

/**
 * A reader's private page for the link they sent (/links/status/<token>, given
 * in the form's thank-you). It says where the link stands and whether the
 * reader's site was told by Webmention, and offers one button, a POST, to
 * withdraw it. Viewing it changes nothing. It shows what the reader sent (the
 * link and its title), never the note, the name or anything about the sender.
 * An unknown token gets its 404 from proxy.ts, before this page streams; the
 * notFound() below covers a proxy that could not look (see docs).
 */
export default async function ReaderStatusPage(props: PageProps<'/links/status/[token]'>) {
  await connection()
  const [{ token }, query] = await Promise.all([props.params, props.searchParams])
  const view = await load(token)
  if (view === null) notFound()
  if (view === 'unavailable') {
    return (
      <div className="reader-status">
        <h1>Try again in a moment</h1>
        <p>Your link could not be read just now. Nothing has changed.</p>
      </div>
    )
  }
  const post = await getPost(view.postSlug)
  const standing = STANDING_TEXT[view.standing]
  const withdrawn = view.standing === 'withdrawn'
  return (
    <div className="reader-status">
      <h1>Your link</h1>
      {query.withdrawn !== undefined && withdrawn ? (
        <p role="status" className="form-success">
          Your link is withdrawn: it is not shown under the post.
        </p>
      ) : null}
      {query.failed !== undefined ? (
        <p role="status" className="form-error">
          Sorry, your link could not be withdrawn just now. Nothing changed; please try again.
        </p>
      ) : null}
      <dl className="one-click-details">
        <dt>Sent for</dt>
        <dd>
          <a href={`/posts/${view.postSlug}`}>{post?.title ?? view.postSlug}</a>, on{' '}
          <time dateTime={view.sentAt.toISOString()}>{formatWhen(view.sentAt)}</time>
        </dd>
        <dt>Your link</dt>
        <dd>
          <a href={view.url} rel="ugc nofollow noopener noreferrer" dir="auto">
            {view.title ?? view.url}
          </a>
        </dd>
        <dt>Where it stands</dt>
        <dd data-standing={view.standing}>
          <strong>{standing.label}</strong>: {standing.detail}
        </dd>
        <dt>Your site told</dt>
        <dd>{siteToldText(view.site, formatWhen)}</dd>
      </dl>
      {withdrawn ? null : (
        // A plain form post (app/links/withdraw/route.ts), answered with a redirect back here.
        <form method="post" action="/links/withdraw" className="form">
          <input type="hidden" name="token" value={token} />
          <p>
            Changed your mind? Withdrawing takes your link off the post at once, and it stays off
            unless the author chooses to show it again.
          </p>
          <button type="submit" className="button button-danger">
            Withdraw my link
          </button>
        </form>
      )}
      <p className="meta">
        Keep this page’s address to yourself: anyone who has it can see this page and withdraw your
        link. Search engines do not index it.
      </p>
    </div>
  )
}

export const instant = false
