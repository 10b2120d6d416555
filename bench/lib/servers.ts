import path from 'node:path'
import { AppServer } from '../../test/support/app-server'
import { freshMigratedPglite } from '../../test/support/databases'
import { TMP } from './paths'
import { readTimeReport } from './time-v'

/** A server of the test harness, run under /usr/bin/time -v for its peak RSS. */
export type RunningServer = {
  name: string
  port: number
  /** Base URL on the IPv4 loopback, for load generators. */
  url: string
  /** The PID of the node process serving (not of /usr/bin/time around it). */
  pid: number
  logFile: string
  /** Stops the server by its PID and returns its peak RSS from /usr/bin/time -v. */
  stop(): Promise<{ peakRssKiB?: number }>
}

/**
 * `next start` on the build in .next (or, with `script`, a TypeScript server of
 * bench/lib), on `port` or a free one, with `env` as its whole environment.
 */
export async function startMeasured(options: {
  name: string
  env: NodeJS.ProcessEnv
  port?: number
  script?: string
}): Promise<RunningServer> {
  const slug = options.name.replace(/[^\w-]+/g, '-')
  const logFile = path.join(TMP, `${slug}.log`)
  const timeFile = path.join(TMP, `${slug}.time`)
  const server = new AppServer({
    name: options.name,
    port: options.port,
    script: options.script,
    env: options.env,
    wrapper: ['/usr/bin/time', '-v', '-o', timeFile],
    logFile,
  })
  try {
    await server.start(60_000)
  } catch (error) {
    await server.stop('SIGKILL')
    throw new Error(
      `${(error as Error).message.split('\n').slice(0, 1)}\n${server.output.slice(-3000)}`,
    )
  }
  let stopped: Promise<{ peakRssKiB?: number }> | undefined
  return {
    name: options.name,
    port: server.port,
    url: `http://127.0.0.1:${server.port}`,
    pid: server.pid as number,
    logFile,
    stop: () =>
      (stopped ??= server
        .stop('SIGTERM', 15_000)
        .then(async () => ({ peakRssKiB: (await readTimeReport(timeFile)).peakRssKiB }))),
  }
}

/**
 * A fresh PGlite folder in bench/.tmp, created and migrated before any server
 * opens it, as a deployed site's database already exists: otherwise the first
 * request that reads the database would pay for creating it.
 */
export const freshPglite = (name: string): Promise<string> =>
  freshMigratedPglite(path.join(TMP, name))
