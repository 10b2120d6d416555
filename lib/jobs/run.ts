import type { Database } from '../db'
import { drainOutbox, type DrainResult } from '../outbox/queue'
import { registeredJobHandlers } from '../outbox/registry'
import { scheduledTasks } from './scheduled'

export type ScheduledRun = {
  outbox: DrainResult
  tasks: { name: string; ok: boolean; result?: unknown; error?: string }[]
}

/**
 * One scheduled pass: every task, then the outbox (so the work the tasks queued
 * runs too). A failing task is reported and does not stop the others.
 */
export async function runScheduledWork(db: Database, now = new Date()): Promise<ScheduledRun> {
  const tasks: ScheduledRun['tasks'] = []
  for (const task of scheduledTasks) {
    try {
      tasks.push({ name: task.name, ok: true, result: await task.run(db, now) })
    } catch (error) {
      tasks.push({ name: task.name, ok: false, error: String(error) })
    }
  }
  const outbox = await drainOutbox(db, registeredJobHandlers(), { limit: 200, budgetMs: 50_000 })
  return { outbox, tasks }
}
