import type { Metadata } from 'next'
import Link from 'next/link'
import { requireAuthorOrSignIn } from '@/app/_lib/author-guard'
import { AdminHeader } from '@/app/admin/_components/admin-header'
import { BulkBar } from '@/app/admin/_components/bulk-bar'
import { DoneNotice } from '@/app/admin/_components/done-notice'
import { LinkCheckActions } from '@/app/admin/_components/link-check-actions'
import { LinkCheckPanel } from '@/app/admin/_components/link-check-panel'
import { QueueProvider } from '@/app/admin/_components/queue-context'
import { QueueFilters } from '@/app/admin/_components/queue-filters'
import { QueueKeys } from '@/app/admin/_components/queue-keys'
import { QueueList } from '@/app/admin/_components/queue-list'
import { QueueRow } from '@/app/admin/_components/queue-row'
import { RowDetails } from '@/app/admin/_components/row-details'
import { RowSummary } from '@/app/admin/_components/row-summary'
import { authSecret } from '@/lib/auth/secret'
import { getDatabase } from '@/lib/db'
import { env } from '@/lib/env'
import { checksFor } from '@/lib/links/admin-view'
import { linkBadge } from '@/lib/links/badge'
import { historyFor } from '@/lib/moderation/audit'
import { doneMessage } from '@/lib/moderation/messages'
import { sendLogFor } from '@/lib/webmention/send/log'
import { SendLog } from '@/app/admin/_components/send-log'
import {
  decodeCursor,
  deletedCount,
  listQueue,
  postsWithSubmissions,
  signalCounts,
  statusCounts,
} from '@/lib/moderation/queue'
import { QUEUE_VIEWS, queueQuerySchema } from '@/lib/moderation/requests'
import { openUndo } from '@/lib/moderation/undo'
import './queue-tools.css'
import './queue.css'

export const metadata: Metadata = { title: 'Moderation', robots: { index: false } }

const PAGE_SIZE = 50

/** The filters beside the statuses: what automatic signals found. */
const CHECK_FILTERS = [
  { value: 'look', label: 'Needs a look' },
  { value: 'broken', label: 'Broken' },
] as const

type Query = {
  status?: string
  post?: string
  check?: string
  q?: string
  after?: string
  before?: string
}

function href(query: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v)
  const s = params.toString()
  return s ? `/admin?${s}` : '/admin'
}

const capitalised = (s: string) => `${s[0]?.toUpperCase()}${s.slice(1)}`

/**
 * The answer to a move made without JavaScript (?done=…&n=…&undo=…): shown
 * only with an Undo this server signed, so a crafted link cannot claim a move.
 */
function doneAnswer(query: ReturnType<typeof queueQuerySchema.parse>) {
  if (query.done === 'undo') return { message: doneMessage('undo', query.n ?? 0) }
  const secret = authSecret(env())
  const plan = query.done && query.undo && secret ? openUndo(secret, query.undo) : null
  if (!query.done || !plan) return null
  const n = query.n ?? plan.rows.length
  return { message: doneMessage(query.done, n, plan.rule?.domain), undo: query.undo }
}

async function Queue({ searchParams }: { searchParams: PageProps<'/admin'>['searchParams'] }) {
  const raw = await searchParams
  const query = queueQuerySchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  )
  const base = { status: query.status, post: query.post, check: query.check, q: query.q }
  const view = href({ ...base, after: query.after, before: query.before })
  const author = await requireAuthorOrSignIn(view)
  const { db } = await getDatabase()
  const deletedView = query.status === 'deleted'
  const filter = {
    status: query.status === 'deleted' ? undefined : query.status,
    postSlug: query.post,
    deleted: deletedView,
    broken: query.check === 'broken',
    needsLook: query.check === 'look',
    search: query.q,
  }
  const [page, statusCount, deleted, slugs, signals] = await Promise.all([
    listQueue(db, filter, {
      after: decodeCursor(query.after),
      before: decodeCursor(query.before),
      limit: PAGE_SIZE,
    }),
    statusCounts(db, { postSlug: query.post }),
    deletedCount(db, { postSlug: query.post }),
    postsWithSubmissions(db),
    signalCounts(db, { postSlug: query.post }),
  ])
  const counts = { ...statusCount, deleted }
  const ids = page.rows.map((r) => r.id)
  const [history, checks, sends] = await Promise.all([
    historyFor(db, ids),
    checksFor(db, ids),
    sendLogFor(db, ids),
  ])
  const done = doneAnswer(query)

  const rows = page.rows.map((row) => ({
    id: row.id,
    node: (
      // Keyed by id alone: a move re-renders the row in place, so its answer stays on screen.
      <QueueRow
        key={row.id}
        id={row.id}
        label={`Submission ${row.id}: ${row.url}`}
        marks={{
          status: row.status,
          hidden: row.hiddenAt !== null,
          needsLook: row.needsLook !== null,
          deleted: row.deletedAt !== null,
        }}
        summary={<RowSummary row={row} badge={linkBadge(row.url, checks.get(row.id))} />}
        details={
          <RowDetails
            row={row}
            history={history.get(row.id) ?? []}
            authorName={author.name}
            check={
              <LinkCheckPanel
                url={row.url}
                check={checks.get(row.id)}
                webmention={row.sourceKind === 'webmention'}
                actions={<LinkCheckActions id={row.id} />}
              />
            }
          >
            <SendLog id={row.id} entries={sends.get(row.id)} />
          </RowDetails>
        }
      />
    ),
  }))

  return (
    <>
      <AdminHeader authorName={author.name} />
      {done ? <DoneNotice message={done.message} undo={done.undo} /> : null}
      <ul className="counts" aria-label="Submissions by status">
        {QUEUE_VIEWS.map((s) => (
          <li key={s}>
            <Link
              href={href({ ...base, status: s })}
              aria-current={query.status === s ? 'page' : undefined}
            >
              {capitalised(s)}: <strong>{counts[s]}</strong>
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
      <QueueFilters
        values={base}
        statuses={QUEUE_VIEWS.map((s) => ({ value: s, label: capitalised(s) }))}
        posts={slugs.map((s) => ({ value: s, label: s }))}
        checks={CHECK_FILTERS.map(({ value, label }) => ({ value, label }))}
      />
      {/* Keyed by the view: moved rows keep their lines until the author moves on. */}
      <QueueProvider key={view}>
        <div className="queue-toolbar">
          <BulkBar pageIds={ids} />
          <QueueKeys />
        </div>
        <QueueList rows={rows} />
      </QueueProvider>
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
      <Queue searchParams={props.searchParams} />
    </div>
  )
}
