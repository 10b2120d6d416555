import type { Metadata } from 'next'
import { z } from 'zod'
import { ACTION_TEXT } from '@/lib/notify/one-click-text'

export const metadata: Metadata = {
  title: 'One-click moderation',
  robots: { index: false, follow: false },
}

const doneQuery = z.object({
  action: z.enum(['approve', 'reject']),
  post: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
})

/**
 * Where a one-click button lands once it has acted. It only says what was done:
 * the address carries no token, and changes nothing.
 */
export default async function OneClickDone({ searchParams }: PageProps<'/moderate/done'>) {
  const raw = await searchParams
  const parsed = doneQuery.safeParse({ action: raw.action, post: raw.post })
  if (!parsed.success) {
    return (
      <div className="one-click">
        <h1>Nothing to show</h1>
        <p>
          This page follows a one-click approval or rejection. <a href="/admin">Open the queue</a>.
        </p>
      </div>
    )
  }
  const { action, post } = parsed.data
  return (
    <div className="one-click-result">
      <h1>{action === 'approve' ? 'Approved' : 'Rejected'}</h1>
      <p role="status" className="form-success">
        {ACTION_TEXT[action].done}
      </p>
      <p>
        <a href={`/posts/${post}`}>See the post</a> · <a href="/admin">Open the moderation queue</a>
      </p>
    </div>
  )
}

export const instant = false
