import { z } from 'zod'
import { SUBMISSION_STATUSES } from '../db/schema'
import { editsSchema } from './moderate'

/** Strict decimal: `0x8`, ` 7 `, `1e3` and `07` are refused, not read as numbers. */
const id = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'must be a submission number')
  .transform(Number)
  .pipe(z.number().int().positive().max(2_147_483_647))

/** Said when a bulk move names no row: plain words, with no field name before them. */
export const NOTHING_SELECTED = 'Select at least one submission first.'

const someIds = z.array(id).min(1, NOTHING_SELECTED).max(500)

/** A moderation form post, validated before anything touches the database. */
export const moderationRequestSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.enum(['approve', 'reject', 'spam', 'pending']),
    ids: someIds,
    title: editsSchema.shape.title,
    name: editsSchema.shape.name,
  }),
  z.object({
    intent: z.enum(['delete', 'restore', 'hide', 'show', 'keep']),
    ids: someIds,
  }),
  // "Undo": the signed plan the move answered with (lib/moderation/undo.ts); `only`
  // undoes it for one row of a bulk move.
  z.object({
    intent: z.literal('undo'),
    undo: z.string().min(1).max(60_100),
    only: id.optional(),
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

/**
 * FormData → plain object: `ids` may repeat (bulk selection), other fields are
 * single. "Select all on this page" (`all`) adds the page's rows (`page`, "3,17"),
 * so it works without JavaScript too.
 */
export function moderationFormToObject(form: FormData): Record<string, unknown> {
  const get = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : undefined
  }
  const selected = form.getAll('ids').filter((v) => typeof v === 'string')
  const page = get('all') ? (get('page')?.split(',') ?? []).filter(Boolean) : []
  return {
    intent: get('intent'),
    ids: [...new Set([...selected, ...page])],
    title: get('title'),
    name: get('name'),
    undo: get('undo'),
    only: get('only') || undefined,
  }
}

/** The moves whose answer a page without JavaScript shows after its redirect (?done=…). */
export const DONE_MOVES = [
  'approve',
  'reject',
  'spam',
  'pending',
  'delete',
  'restore',
  'hide',
  'show',
  'keep',
  'trust',
  'block',
  'edit',
  'undo',
] as const
export type DoneMove = (typeof DONE_MOVES)[number]

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
  /** Search: part of the link, the domain, the title or the name. */
  q: z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().min(1).max(200))
    .optional()
    .catch(undefined),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
  /**
   * After a move without JavaScript (post/redirect/get): which move, on how
   * many rows, and its signed Undo (checked before it is offered).
   */
  done: z.enum(DONE_MOVES).optional().catch(undefined),
  n: z.coerce.number().int().min(0).max(500).optional().catch(undefined),
  undo: z.string().max(60_100).optional().catch(undefined),
})
