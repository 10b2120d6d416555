import { z } from 'zod'
import { SUBMISSION_STATUSES } from '../db/schema'
import { editsSchema } from './moderate'

/** Strict decimal: `0x8`, ` 7 `, `1e3` and `07` are refused, not read as numbers. */
const id = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a submission number')
  .transform(Number)
  .pipe(z.number().int().positive().max(2_147_483_647))

/** A moderation form post, validated before anything touches the database. */
export const moderationRequestSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.enum(['approve', 'reject', 'spam', 'pending']),
    ids: z.array(id).min(1, 'Select at least one submission.').max(500),
    title: editsSchema.shape.title,
    name: editsSchema.shape.name,
  }),
  z.object({
    intent: z.enum(['delete', 'restore', 'hide', 'show', 'keep']),
    ids: z.array(id).min(1, 'Select at least one submission.').max(500),
  }),
  // "Always approve links from <domain>" / "Mark as spam and block <domain>" on a row.
  z.object({ intent: z.enum(['trust', 'block']), ids: z.array(id).length(1) }),
  z.object({
    intent: z.literal('edit'),
    ids: z.array(id).length(1),
    title: editsSchema.shape.title,
    name: editsSchema.shape.name,
  }),
])

export type ModerationRequest = z.output<typeof moderationRequestSchema>

/** FormData → plain object: `ids` may repeat (bulk selection), other fields are single. */
export function moderationFormToObject(form: FormData): Record<string, unknown> {
  const get = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : undefined
  }
  return {
    intent: get('intent'),
    ids: form.getAll('ids').filter((v) => typeof v === 'string'),
    title: get('title'),
    name: get('name'),
  }
}

/** Ids carried in the URL after a delete (for "Undo") or a restore: "3,17". */
const idList = z
  .preprocess(
    (v) => (typeof v === 'string' && v.length <= 6000 ? v.split(',') : v),
    z.array(id).min(1).max(500),
  )
  .optional()
  .catch(undefined)

export const QUEUE_VIEWS = [...SUBMISSION_STATUSES, 'deleted'] as const
export type QueueView = (typeof QUEUE_VIEWS)[number]

export const queueQuerySchema = z.object({
  /** A status, or 'deleted': the trash. */
  status: z.enum(QUEUE_VIEWS).optional().catch(undefined),
  post: z
    .string()
    .regex(/^[a-z0-9-]{1,200}$/)
    .optional()
    .catch(undefined),
  /** broken: the latest check failed; look: an automatic signal flagged it ("Needs a look"). */
  check: z.enum(['broken', 'look']).optional().catch(undefined),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
  undo: idList,
  restored: idList,
})
