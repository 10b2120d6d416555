import { z } from 'zod'
import type { Database } from '../db'
import { checkSubmissionLink, type LinkCheckContext } from '../links/check'
import type { JobHandlers } from '../outbox/queue'

export const LINK_CHECK_JOB = 'link-check'

const linkCheckPayload = z.object({ submissionId: z.number().int().positive() })

/** The outbox job that checks a new submission's link (a follow-up of 'submission.created'). */
export const linkCheckJob = (submissionId: number) => ({
  kind: LINK_CHECK_JOB,
  payload: { submissionId },
})

/**
 * Link-check handlers over a database and context given by the caller, so tests
 * run them against their own database and stand-in servers.
 */
export function linkJobHandlers(
  database: () => Promise<Database>,
  ctx: () => LinkCheckContext,
): JobHandlers {
  return {
    [LINK_CHECK_JOB]: async (payload) => {
      const { submissionId } = linkCheckPayload.parse(payload)
      // A fetch that fails is a result (stored); only a database failure throws and retries.
      await checkSubmissionLink(await database(), submissionId, ctx())
    },
  }
}
