import { createHmac, timingSafeEqual } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { and, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../db'
import { DOMAIN_RULES, domainRules } from '../db/schema'
import type { AuditVia } from './audit'
import { applyChange, type ChangeResult } from './moderate'
import { pgTime, revertRowSchema, type RevertRow } from './row-state'

/**
 * What an Undo does: each row back to the state it had before the move, and,
 * after "Always approve" or "Block", the domain's rule back to what it was.
 */
export const undoPlanSchema = z
  .object({
    rows: z.array(revertRowSchema).max(500),
    rule: z
      .object({
        domain: z.string().min(1).max(300),
        /** The rule the move saved: put back only while it is still that one. */
        set: z.enum(DOMAIN_RULES),
        previous: z
          .object({
            kind: z.enum(DOMAIN_RULES),
            createdAt: pgTime,
            createdBy: z.string().max(200).nullable(),
          })
          .nullable(),
      })
      .optional(),
  })
  .refine((plan) => plan.rows.length > 0 || plan.rule !== undefined, 'nothing to undo')
export type UndoPlan = z.output<typeof undoPlanSchema>

/** Enough for 500 rows; a token that inflates past it is refused (no zip bombs). */
const MAX_PLAN_BYTES = 512 * 1024

/** A key of its own, derived from AUTH_SECRET, so no other signature can pass for an Undo. */
const keyFrom = (secret: string) =>
  createHmac('sha256', secret).update('red-green-repeat undo v1').digest()

const sign = (secret: string, body: string) =>
  createHmac('sha256', keyFrom(secret)).update(body).digest('base64url')

/**
 * The plan, compressed and signed, for the page to hand back with "Undo": the
 * server keeps nothing between the move and its Undo, and only what it signed
 * is ever written back.
 */
export function sealUndo(secret: string, plan: UndoPlan): string {
  const body = deflateRawSync(JSON.stringify(plan)).toString('base64url')
  return `${body}.${sign(secret, body)}`
}

/** The plan of a token this server sealed, or null (malformed, forged or not a plan). */
export function openUndo(secret: string, token: string): UndoPlan | null {
  const match = /^([A-Za-z0-9_-]{1,60000})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return null
  const [, body = '', signature = ''] = match
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const text = inflateRawSync(Buffer.from(body, 'base64url'), {
      maxOutputLength: MAX_PLAN_BYTES,
    }).toString()
    const parsed = undoPlanSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export type UndoResult = ChangeResult & { ruleRestored: boolean }

/**
 * Undoes a move through the one change path (applyChange, kind 'revert'): the
 * audit trail shows the move and its Undo. Rows changed since are left alone.
 * `only`: undo the move for that one row (a line of a bulk move).
 */
export async function applyUndo(
  db: Database,
  plan: UndoPlan,
  input: { by: string; only?: number; via?: AuditVia },
): Promise<UndoResult> {
  const rows: RevertRow[] =
    input.only === undefined ? plan.rows : plan.rows.filter((r) => r.id === input.only)
  const rule = input.only === undefined || rows.length > 0 ? plan.rule : undefined
  if (rows.length === 0 && !rule) {
    return { changed: 0, publicSlugs: [], ids: [], ruleRestored: false }
  }
  return db.transaction(async (tx) => {
    const result = await applyChange(tx, {
      ids: rows.map((r) => r.id),
      change: { kind: 'revert', rows },
      by: input.by,
      via: input.via ?? 'admin',
    })
    const ruleRestored = rule ? await restoreRule(tx, rule) : false
    return { ...result, ruleRestored }
  })
}

/** Puts a domain's rule back as it was before the move, if the move's rule still stands. */
async function restoreRule(tx: Database, rule: NonNullable<UndoPlan['rule']>): Promise<boolean> {
  const stillOurs = and(eq(domainRules.domain, rule.domain), eq(domainRules.kind, rule.set))
  const changed = rule.previous
    ? await tx
        .update(domainRules)
        .set({
          kind: rule.previous.kind,
          createdAt: sql`${rule.previous.createdAt}::timestamptz`,
          createdBy: rule.previous.createdBy,
        })
        .where(stillOurs)
        .returning({ domain: domainRules.domain })
    : await tx.delete(domainRules).where(stillOurs).returning({ domain: domainRules.domain })
  return changed.length > 0
}
