import type { Database } from '../db'
import type { OutboxEvent, OutboxEvents } from './events'
import { enqueue, type JobHandlers, type OutboxJobInput } from './queue'

/** Which jobs follow an event; it returns none when its channel is switched off. */
export type FollowUp<E extends OutboxEvent> = (event: OutboxEvents[E]) => OutboxJobInput[]

type Registry = {
  handlers: JobHandlers
  followUps: { [E in OutboxEvent]: FollowUp<E>[] }
}

const emptyRegistry = (): Registry => ({
  handlers: {},
  followUps: { 'submission.created': [], 'submission.changed': [], 'submission.flagged': [] },
})

// On globalThis: development reloads and every module copy see one registry.
const holder = globalThis as typeof globalThis & { __rgrOutboxRegistry?: Registry }
const registry = (): Registry => (holder.__rgrOutboxRegistry ??= emptyRegistry())

/**
 * The outbox knows its job kinds only through here: the edge registers the
 * handlers of every kind and the follow-ups of every event at start
 * (lib/jobs/install.ts, called by the app's edges, the scripts and the tests).
 */
export function registerJobHandlers(handlers: JobHandlers): void {
  Object.assign(registry().handlers, handlers)
}

export function registerFollowUp<E extends OutboxEvent>(event: E, followUp: FollowUp<E>): void {
  registry().followUps[event].push(followUp)
}

export function registeredJobHandlers(): JobHandlers {
  return { ...registry().handlers }
}

/** Enqueues every registered follow-up of an event; pass the transaction of the change. */
export async function enqueueFollowUps<E extends OutboxEvent>(
  tx: Database,
  event: E,
  data: OutboxEvents[E],
): Promise<void> {
  for (const followUp of registry().followUps[event]) {
    for (const job of followUp(data)) await enqueue(tx, job)
  }
}

/** Forgets everything registered (tests that register their own probes). */
export function resetRegistry(): void {
  holder.__rgrOutboxRegistry = emptyRegistry()
}
