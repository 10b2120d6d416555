import { sql } from 'drizzle-orm'
import { eq } from 'drizzle-orm'
import type { Database } from '../db'
import { usedOneClickTokens } from '../db/schema'
import { moderate, type ModerationResult } from '../moderation/moderate'
import { canMove, TARGET_STATUS } from '../moderation/transitions'
import { latestLinkCheck, type LinkCheckSummary } from '../links/summary'
import { loadSubmissionDetails, type SubmissionDetails } from './submission-details'
import { verifyOneClickToken, type OneClickClaims } from './tokens'

/** Who the moderation columns and the audit log name for a one-click change. */
export const ONE_CLICK_ACTOR = 'one-click link'
export const ONE_CLICK_VIA = 'one-click'

export type Refusal =
  | 'unconfigured'
  | 'malformed'
  | 'forged'
  | 'expired'
  | 'wrong-action'
  | 'used'
  | 'missing'
  | 'not-allowed'

/** The HTTP status each refusal deserves. */
export const REFUSAL_STATUS: Record<Refusal, number> = {
  unconfigured: 404,
  malformed: 400,
  forged: 403,
  'wrong-action': 400,
  expired: 410,
  used: 410,
  missing: 404,
  'not-allowed': 409,
}

export type OneClickView =
  | {
      ok: true
      claims: OneClickClaims
      submission: SubmissionDetails
      linkCheck: LinkCheckSummary | null
    }
  | { ok: false; reason: Refusal; submission?: SubmissionDetails }

type Input = { secret: string | undefined; action: string; token: string; now?: number }

/** The checks that need no database: signature, binding, expiry. */
export function checkToken(input: Input) {
  if (!input.secret) return { ok: false as const, reason: 'unconfigured' as const }
  return verifyOneClickToken(input.secret, input.token, input.action, input.now)
}

async function isUsed(db: Database, nonce: string): Promise<boolean> {
  const rows = await db
    .select({ nonce: usedOneClickTokens.nonce })
    .from(usedOneClickTokens)
    .where(eq(usedOneClickTokens.nonce, nonce))
  return rows.length > 0
}

/** For the GET: reads only, so a mail scanner's prefetch changes nothing. */
export async function inspectOneClick(db: Database, input: Input): Promise<OneClickView> {
  const check = checkToken(input)
  if (!check.ok) return check
  const { claims } = check
  if (await isUsed(db, claims.nonce)) return { ok: false, reason: 'used' }
  const submission = await loadSubmissionDetails(db, claims.submissionId)
  if (!submission) return { ok: false, reason: 'missing' }
  if (!canMove(submission.status, TARGET_STATUS[claims.action])) {
    return { ok: false, reason: 'not-allowed', submission }
  }
  return {
    ok: true,
    claims,
    submission,
    linkCheck: await latestLinkCheck(db, submission.id),
  }
}

class Refused extends Error {
  constructor(readonly reason: Refusal) {
    super(reason)
  }
}

export type OneClickOutcome =
  | { ok: true; claims: OneClickClaims; result: ModerationResult; postSlug: string }
  | { ok: false; reason: Refusal }

/**
 * For the POST: checks the token again, then marks it used and moderates in one
 * transaction, through the same moderate() as /admin. The insert of the nonce is
 * the "once": of two concurrent uses only one inserts, the other is refused. If
 * the move is not allowed any more, everything rolls back and nothing changes.
 */
export async function redeemOneClick(db: Database, input: Input): Promise<OneClickOutcome> {
  const check = checkToken(input)
  if (!check.ok) return check
  const { claims } = check
  try {
    const result = await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(usedOneClickTokens)
        .values({ nonce: claims.nonce, submissionId: claims.submissionId, action: claims.action })
        .onConflictDoNothing()
        .returning({ nonce: usedOneClickTokens.nonce })
      if (claimed.length === 0) throw new Refused('used')
      const moved = await moderate(tx, {
        ids: [claims.submissionId],
        action: claims.action,
        by: ONE_CLICK_ACTOR,
        via: ONE_CLICK_VIA,
      })
      const row = await loadSubmissionDetails(tx, claims.submissionId)
      if (moved.changed === 0) throw new Refused(row ? 'not-allowed' : 'missing')
      return { moved, postSlug: row!.postSlug }
    })
    return { ok: true, claims, result: result.moved, postSlug: result.postSlug }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason }
    throw error
  }
}

/** Used tokens are kept until they would have expired anyway. */
export async function purgeUsedOneClickTokens(db: Database, olderThanDays = 8): Promise<void> {
  await db.execute(
    sql`delete from ${usedOneClickTokens} where ${usedOneClickTokens.usedAt} < now() - make_interval(days => ${olderThanDays})`,
  )
}
