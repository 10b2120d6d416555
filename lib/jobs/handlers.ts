import { getDatabase } from '../db'
import { createNotifyHandlers } from '../notify/handlers'
import type { JobHandlers } from '../outbox/queue'

/** Every kind of outbox job the app runs, by kind. */
export const jobHandlers: JobHandlers = {
  ...createNotifyHandlers({ database: async () => (await getDatabase()).db }),
}
