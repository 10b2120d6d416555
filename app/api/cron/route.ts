import { getDatabase } from '@/lib/db'
import { env } from '@/lib/env'
import { isCronAuthorized } from '@/lib/jobs/cron-auth'
import { runScheduledWork } from '@/lib/jobs/run'
import { prepareServerWork } from '@/app/_lib/server-work'

// A whole batch of link checks and deliveries fits in this.
export const maxDuration = 60

/**
 * The scheduler's entry (Vercel Cron, see vercel.json; or any scheduler that
 * sends `Authorization: Bearer $CRON_SECRET`): runs the scheduled tasks and
 * drains the outbox.
 */
export async function GET(request: Request): Promise<Response> {
  if (!isCronAuthorized(request.headers.get('authorization'), env().CRON_SECRET)) {
    return new Response('Unauthorized.\n', {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    })
  }
  prepareServerWork()
  const { db } = await getDatabase()
  const run = await runScheduledWork(db)
  return Response.json(run, { headers: { 'cache-control': 'no-store' } })
}
