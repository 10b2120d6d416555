import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAuthorOrSignIn } from '@/app/_lib/author-guard'
import { ActionForm } from '@/app/admin/_components/action-form'
import { LinkCheckActions } from '@/app/admin/_components/link-check-actions'
import { LinkCheckPanel } from '@/app/admin/_components/link-check-panel'
import { QueueKeys } from '@/app/admin/_components/queue-keys'
import { QueueToolLinks } from '@/app/admin/_components/queue-tool-links'
import { SubmissionCard } from '@/app/admin/_components/submission-card'
import { UndoNotice } from '@/app/admin/_components/undo-notice'
import { SignOutButton, SignOutEverywhereButton } from '@/app/_components/sign-out-button'
import { getDatabase } from '@/lib/db'
import { checksFor } from '@/lib/links/admin-view'
import { historyFor } from '@/lib/moderation/audit'
import { sendLogFor } from '@/lib/webmention/send/log'
import {
  decodeCursor,
  deletedCount,
  listQueue,
  postsWithSubmissions,
  signalCounts,
  statusCounts,
} from '@/lib/moderation/queue'
import { QUEUE_VIEWS, queueQuerySchema } from '@/lib/moderation/requests'
import { restorableAmong } from '@/lib/moderation/trash'
import './queue-tools.css'

export const metadata: Metadata = { title: 'Moderation', robots: { index: false } }

const PAGE_SIZE = 50

/** The filters beside the statuses: what automatic signals found. */
const CHECK_FILTERS = [
  { value: 'look', label: 'Needs a look' },
  { value: 'broken', label: 'Broken' },
] as const

type Query = { status?: string; post?: string; check?: string; after?: string; before?: string }

function href(query: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v)
  const s = params.toString()
  return s ? `/admin?${s}` : '/admin'
}

async function Queue({ searchParams }: { searchParams: PageProps<'/admin'>['searchParams'] }) {
  const raw = await searchParams
  const query = queueQuerySchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  )
  const author = await requireAuthorOrSignIn(
    href({ status: query.status, post: query.post, after: query.after, before: query.before }),
  )
  const { db } = await getDatabase()
  const deletedView = query.status === 'deleted'
  const filter = {
    status: query.status === 'deleted' ? undefined : query.status,
    postSlug: query.post,
    deleted: deletedView,
    broken: query.check === 'broken',
    needsLook: query.check === 'look',
  }
  const [page, statusCount, deleted, slugs, undoable, signals] = await Promise.all([
    listQueue(db, filter, {
      after: decodeCursor(query.after),
      before: decodeCursor(query.before),
      limit: PAGE_SIZE,
    }),
    statusCounts(db, { postSlug: query.post }),
    deletedCount(db, { postSlug: query.post }),
    postsWithSubmissions(db),
    restorableAmong(db, query.undo ?? []),
    signalCounts(db, { postSlug: query.post }),
  ])
  const counts = { ...statusCount, deleted }
  const ids = page.rows.map((r) => r.id)
  const [history, checks, sends] = await Promise.all([
    historyFor(db, ids),
    checksFor(db, ids),
    sendLogFor(db, ids),
  ])
  const base = { status: query.status, post: query.post, check: query.check }

  return (
    <>
      <div className="admin-bar">
        <p className="meta">Signed in as {author.name}.</p>
        <SignOutButton />
        <SignOutEverywhereButton />
      </div>
      <UndoNotice deleted={undoable} restoredCount={query.restored?.length ?? 0} />
      <QueueToolLinks />
      <ul className="counts" aria-label="Submissions by status">
        {QUEUE_VIEWS.map((s) => (
          <li key={s}>
            <Link
              href={href({ ...base, status: s })}
              aria-current={query.status === s ? 'page' : undefined}
            >
              {s[0]?.toUpperCase() + s.slice(1)}: <strong>{counts[s]}</strong>
            </Link>
          </li>
        ))}
        {CHECK_FILTERS.map(({ value, label }) => (
          <li key={value}>
            <Link
              href={href({ ...base, check: query.check === value ? undefined : value })}
              aria-current={query.check === value ? 'page' : undefined}
            >
              {label}: <strong>{signals[value === 'look' ? 'needsLook' : 'broken']}</strong>
            </Link>
          </li>
        ))}
      </ul>
      <form method="get" action="/admin" className="filters">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">All (pending first)</option>
            {QUEUE_VIEWS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-post">Post</label>
          <select id="filter-post" name="post" defaultValue={query.post ?? ''}>
            <option value="">All posts</option>
            {slugs.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-check">Checks</label>
          <select id="filter-check" name="check" defaultValue={query.check ?? ''}>
            <option value="">Any</option>
            {CHECK_FILTERS.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Filter
        </button>
      </form>
      <ActionForm id="bulk-form" className="bulk">
        <p className="meta">With the selected submissions:</p>
        <div className="row-actions">
          <button type="submit" name="intent" value="approve" className="button button-secondary">
            Approve selected
          </button>
          <button type="submit" name="intent" value="reject" className="button button-secondary">
            Reject selected
          </button>
        </div>
      </ActionForm>
      <QueueKeys />
      {page.rows.length === 0 ? (
        <p>Nothing here.</p>
      ) : (
        <ol className="submissions">
          {page.rows.map((row) => (
            <SubmissionCard
              key={`${row.id}-${row.status}-${row.title}-${row.submitterName}-${row.deletedAt !== null}`}
              row={row}
              history={history.get(row.id)}
              sends={sends.get(row.id)}
              authorName={author.name}
            >
              <LinkCheckPanel
                url={row.url}
                check={checks.get(row.id)}
                webmention={row.sourceKind === 'webmention'}
                actions={<LinkCheckActions id={row.id} />}
              />
            </SubmissionCard>
          ))}
        </ol>
      )}
      <nav aria-label="Queue pages" className="pagination">
        {page.before ? (
          <Link href={href({ ...base, before: page.before })}>← Previous page</Link>
        ) : (
          <span />
        )}
        {query.after || query.before ? <Link href={href(base)}>First page</Link> : <span />}
        {page.after ? (
          <Link href={href({ ...base, after: page.after })}>Next page →</Link>
        ) : (
          <span />
        )}
      </nav>
    </>
  )
}

/** Never prerendered or cached, and complete without JavaScript: no streamed parts. */
export const instant = false

export default async function AdminPage(props: PageProps<'/admin'>) {
  return (
    <div className="admin">
      <h1>Moderation</h1>
      <Queue searchParams={props.searchParams} />
    </div>
  )
}
