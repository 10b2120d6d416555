import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { submissions } from '../db/schema'
import { applyChange } from '../moderation/moderate'
import { readSettings } from '../settings'
import { publicListsChanged } from '../visibility/events'

/** Failed checks in a row after which an approved link is flagged "Needs a look". */
export const LINK_FAILURES_TO_FLAG = 3

export type CheckOutcome = {
  reachable: boolean
  consecutiveFailures: number
  /** The author chose "Keep shown" since the last passing check. */
  keepShown: boolean
  error: string | null
}

/**
 * What a link check may do about what the public sees, as an automatic signal
 * through the one change path (applyChange): with an audit row, a webhook,
 * and undoable like any change.
 * - An approved link that failed LINK_FAILURES_TO_FLAG checks in a row is
 *   flagged "Needs a look" (the author is notified), unless the author chose
 *   "Keep shown". It is also hidden, but only when the author's settings say
 *   so (hideFailingLinks).
 * - A passing check shows again what a link check hid, and only that: a link
 *   the author hid stays hidden.
 */
export async function linkCheckSignal(
  db: Database,
  submissionId: number,
  outcome: CheckOutcome,
): Promise<{ visibilityChanged: boolean }> {
  const failing = outcome.consecutiveFailures >= LINK_FAILURES_TO_FLAG && !outcome.keepShown
  if (!outcome.reachable && !failing) return { visibilityChanged: false }
  const [row] = await db
    .select({
      status: submissions.status,
      hiddenVia: submissions.hiddenVia,
      needsLook: submissions.needsLook,
    })
    .from(submissions)
    .where(eq(submissions.id, submissionId))
  // Most checks change nothing: only a link a check hid, or a failing approved link, is touched.
  const slugs: string[] = []
  if (outcome.reachable) {
    if (row?.hiddenVia !== 'link-check') return { visibilityChanged: false }
    const shown = await applyChange(db, {
      ids: [submissionId],
      change: { kind: 'show', onlyHiddenVia: 'link-check' },
      by: null,
      via: 'link-check',
      detail: 'the link works again',
    })
    slugs.push(...shown.publicSlugs)
  } else {
    if (row?.status !== 'approved') return { visibilityChanged: false }
    const why = `its link failed ${outcome.consecutiveFailures} checks in a row${outcome.error ? ` (${outcome.error})` : ''}`
    if (row.needsLook === null) {
      await applyChange(db, {
        ids: [submissionId],
        change: { kind: 'flag', reason: why },
        by: null,
        via: 'link-check',
      })
    }
    if (row.hiddenVia === null && (await readSettings(db)).hideFailingLinks) {
      const hidden = await applyChange(db, {
        ids: [submissionId],
        change: { kind: 'hide' },
        by: null,
        via: 'link-check',
        detail: `${why}; your settings hide failing links`,
      })
      slugs.push(...hidden.publicSlugs)
    }
  }
  await publicListsChanged(slugs)
  return { visibilityChanged: slugs.length > 0 }
}
