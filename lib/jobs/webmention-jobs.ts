import { z } from 'zod'
import type { Database } from '../db'
import type { LinkCheckContext } from '../links/check'
import type { JobHandlers } from '../outbox/queue'
import { WEBMENTION_VERIFY_JOB } from '../webmention/receive'
import { verifyWebmention } from '../webmention/verify'

const payloadSchema = z.object({
  webmentionId: z.number().int().positive(),
  ipHash: z.string().min(1).max(200),
})

/** The outbox job that verifies a received Webmention (lib/webmention/verify.ts). */
export function webmentionJobHandlers(
  database: () => Promise<Database>,
  ctx: () => LinkCheckContext,
): JobHandlers {
  return {
    [WEBMENTION_VERIFY_JOB]: async (payload) => {
      const { webmentionId, ipHash } = payloadSchema.parse(payload)
      await verifyWebmention(await database(), webmentionId, ipHash, ctx())
    },
  }
}
