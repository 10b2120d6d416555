import { after } from 'next/server'
import { getDatabase } from '@/lib/db'
import { drainOutbox } from '@/lib/outbox/queue'
import { registeredJobHandlers } from '@/lib/outbox/registry'
import { prepareServerWork } from './server-work'

/**
 * Runs due outbox jobs once the response has been sent, so the visitor never
 * waits for them. If this instance dies first, the jobs stay queued for the
 * next drain (another request, or the cron route).
 */
export function drainAfterResponse(): void {
  prepareServerWork()
  after(async () => {
    try {
      const { db } = await getDatabase()
      await drainOutbox(db, registeredJobHandlers())
    } catch (error) {
      console.error('outbox: a drain after the response failed; the jobs stay queued:', error)
    }
  })
}
