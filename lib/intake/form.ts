import type { Database } from '../db'
import { intake, type IntakeOutcome } from './intake'
import { MESSAGES, emptyValues, type LinkFormState } from '../submissions/form-state'
import type { RateLimit } from '../submissions/rate-limit'
import { echoValues } from '../submissions/validation'
import { statusPath } from '../receipts/token'

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

/** The reader's message for what the intake did: honest, but silent about a blocked domain. */
export function messageFor(
  outcome: Extract<IntakeOutcome, { status: 'created' | 'duplicate' }>,
): string {
  if (outcome.status === 'created') return outcome.public ? MESSAGES.published : MESSAGES.received
  const { existing } = outcome
  if (existing.public) return MESSAGES.duplicatePublished
  // Spam reads as waiting, like a new link from a blocked domain does.
  if (!existing.deleted && (existing.status === 'pending' || existing.status === 'spam')) {
    return MESSAGES.duplicateWaiting
  }
  return MESSAGES.duplicateClosed
}

/**
 * The reader form's side of the intake, independent of Next: the honeypot,
 * then the one intake (lib/intake), then the message the reader sees. Any
 * failure keeps what was typed.
 */
export async function submitLink(
  input: Record<string, unknown>,
  ctx: SubmitContext,
): Promise<LinkFormState> {
  const values = echoValues(input)
  const error = (message: string, fieldErrors: LinkFormState['fieldErrors'] = {}) =>
    ({ status: 'error', message, fieldErrors, values }) satisfies LinkFormState
  const success = (message: string, receiptToken?: string): LinkFormState => ({
    status: 'success',
    message,
    fieldErrors: {},
    values: emptyValues,
    ...(receiptToken ? { statusUrl: statusPath(receiptToken) } : {}),
  })

  const slug = typeof input.postSlug === 'string' ? input.postSlug : ''
  if (!(await ctx.acceptsLinks(slug))) return error(MESSAGES.closed)

  // A bot that fills the hidden field is told what a person would be told; nothing is stored.
  const honeypot = input[HONEYPOT_FIELD]
  if (typeof honeypot !== 'string' || honeypot !== '') return success(MESSAGES.received)

  let outcome: IntakeOutcome
  try {
    outcome = await intake(
      ctx.database,
      { postSlug: slug, url: input.url, title: input.title, name: input.name, note: input.note },
      {
        source: 'form',
        ipHash: ctx.ipHash,
        ownHost: ctx.ownHost,
        rateLimit: { key: ctx.ipHash, limit: ctx.rateLimit },
        text: 'typed',
        receipt: true,
      },
    )
  } catch (cause) {
    ctx.onError?.(cause)
    return error(MESSAGES.unavailable)
  }
  switch (outcome.status) {
    case 'invalid':
      return error(MESSAGES.invalid, outcome.fieldErrors)
    case 'rate-limited':
      return error(MESSAGES.rateLimited(outcome.retryAfterSeconds))
    case 'created':
      if (outcome.public) await published(ctx, slug)
      return success(messageFor(outcome), outcome.receiptToken)
    case 'duplicate':
      return success(messageFor(outcome))
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
