import autocannon, { type Options, type Result } from 'autocannon'

export type Load = {
  /** Completed responses per second over the measured run. */
  rps: number
  p50: number
  p99: number
  completed: number
  non2xx: number
  errors: number
  timeouts: number
  seconds: number
}

export function summarize(result: Result): Load {
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  }
}

/** One autocannon run (in this process) against a local server. */
export async function load(options: Options): Promise<Load> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url)) {
    throw new Error(`refusing to send load anywhere but localhost: ${options.url}`)
  }
  return summarize(await autocannon({ timeout: 30, ...options }))
}
