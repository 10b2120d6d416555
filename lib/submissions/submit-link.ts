import type { Database } from '../db'
import { MESSAGES, emptyValues, type LinkFormState } from './form-state'
import { storeSubmission, type RateLimit } from './store'
import { echoValues, validateSubmission } from './validation'

export const HONEYPOT_FIELD = 'homepage'

export type SubmitContext = {
  /** Resolves the database lazily so a broken connection is handled like any failure. */
  database: () => Promise<Database>
  ipHash: string
  ownHost: string
  rateLimit: RateLimit
  /** Whether the slug names a post that takes reader links. */
  acceptsLinks: (slug: string) => boolean | Promise<boolean>
  onError?: (error: unknown) => void
  /**
   * Called when the link went public at once (a trusted-domain rule approved it),
   * so the edge can refresh the post's cached list.
   */
  onPublished?: (slug: string) => void | Promise<void>
}

/**
 * The whole reader-link submission, independent of Next: honeypot, validation,
 * storage, and the message the reader sees. Any failure keeps what was typed.
 */
export async function submitLink(
  input: Record<string, unknown>,
  ctx: SubmitContext,
): Promise<LinkFormState> {
  const values = echoValues(input)
  const error = (message: string, fieldErrors: LinkFormState['fieldErrors'] = {}) =>
    ({ status: 'error', message, fieldErrors, values }) satisfies LinkFormState

  const slug = typeof input.postSlug === 'string' ? input.postSlug : ''
  if (!(await ctx.acceptsLinks(slug))) return error(MESSAGES.closed)

  // A bot that fills the hidden field is told what a person would be told; nothing is stored.
  const honeypot = input[HONEYPOT_FIELD]
  if (typeof honeypot !== 'string' || honeypot !== '') {
    return { status: 'success', message: MESSAGES.received, fieldErrors: {}, values: emptyValues }
  }

  const valid = validateSubmission(input, ctx.ownHost)
  if (!valid.ok) return error(MESSAGES.invalid, valid.fieldErrors)

  try {
    const db = await ctx.database()
    const outcome = await storeSubmission(
      db,
      { ...valid.data, postSlug: slug, ipHash: ctx.ipHash },
      ctx.rateLimit,
    )
    switch (outcome.status) {
      case 'received':
        if (outcome.initialStatus === 'approved') await published(ctx, slug)
        return {
          status: 'success',
          message: MESSAGES.received,
          fieldErrors: {},
          values: emptyValues,
        }
      case 'duplicate':
        return {
          status: 'success',
          message: MESSAGES.duplicate,
          fieldErrors: {},
          values: emptyValues,
        }
      case 'rate-limited':
        return error(MESSAGES.rateLimited(outcome.retryAfterSeconds))
    }
  } catch (cause) {
    ctx.onError?.(cause)
    return error(MESSAGES.unavailable)
  }
}

/** The row is stored whatever happens here: a failed refresh is logged, not shown to the reader. */
async function published(ctx: SubmitContext, slug: string): Promise<void> {
  try {
    await ctx.onPublished?.(slug)
  } catch (error) {
    ctx.onError?.(error)
  }
}
