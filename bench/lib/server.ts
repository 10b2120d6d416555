import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { assertPortFree, exited, sleep, spawnLogged, stopPid, waitForHttp } from './proc'
import { NEXT_BIN, TMP } from './paths'
import { readTimeReport } from './time-v'

export type RunningServer = {
  name: string
  port: number
  /** Base URL on the IPv4 loopback, for load generators. */
  url: string
  /** The PID of the node process serving (not of /usr/bin/time around it). */
  pid: number
  logFile: string
  /** Kills the node process by its PID and returns its peak RSS from /usr/bin/time -v. */
  stop(): Promise<{ peakRssKiB?: number }>
}

async function childPid(parent: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      const text = await readFile(`/proc/${parent}/task/${parent}/children`, 'utf8')
      const pid = Number(text.trim().split(/\s+/)[0])
      if (pid) return pid
    } catch {
      // not there yet
    }
    await sleep(20)
  }
  throw new Error(`no child process under ${parent}`)
}

/**
 * Starts `node <args>` under /usr/bin/time -v (for its peak RSS) and waits until
 * `readyPath` answers 200.
 */
export async function startNodeServer(options: {
  name: string
  port: number
  args: string[]
  env: NodeJS.ProcessEnv
  readyPath: string
  readyTimeoutMs?: number
}): Promise<RunningServer> {
  await assertPortFree(options.port)
  const slug = options.name.replace(/[^\w-]+/g, '-')
  const logFile = path.join(TMP, `${slug}.log`)
  const timeFile = path.join(TMP, `${slug}.time`)
  const wrapper = spawnLogged(
    '/usr/bin/time',
    ['-v', '-o', timeFile, process.execPath, ...options.args],
    logFile,
    { env: options.env },
  )
  const wrapperPid = wrapper.pid
  if (!wrapperPid) throw new Error(`could not start ${options.name}`)
  const pid = await childPid(wrapperPid)
  const url = `http://127.0.0.1:${options.port}`
  let stopped = false
  const stop = async () => {
    if (!stopped) {
      stopped = true
      await stopPid(pid, () => exited(wrapper, 15_000))
    }
    return { peakRssKiB: (await readTimeReport(timeFile)).peakRssKiB }
  }
  try {
    await waitForHttp(
      `${url}${options.readyPath}`,
      options.readyTimeoutMs ?? 60_000,
      () => wrapper.exitCode === null,
    )
  } catch (error) {
    await stop()
    const log = await readFile(logFile, 'utf8').catch(() => '')
    throw new Error(`${(error as Error).message}\n${log.split('\n').slice(-20).join('\n')}`)
  }
  return { name: options.name, port: options.port, url, pid, logFile, stop }
}

/** `next start` on the production build in .next, with the given environment. */
export function startNext(options: {
  name: string
  port: number
  env: NodeJS.ProcessEnv
}): Promise<RunningServer> {
  return startNodeServer({
    name: options.name,
    port: options.port,
    args: [NEXT_BIN, 'start', '-p', String(options.port)],
    env: options.env,
    readyPath: '/about',
  })
}

/** A TypeScript file run by node itself (tsx as a loader), so its PID is the server's. */
export function startTsServer(options: {
  name: string
  port: number
  file: string
  env: NodeJS.ProcessEnv
  readyPath?: string
}): Promise<RunningServer> {
  return startNodeServer({
    name: options.name,
    port: options.port,
    args: ['--import', 'tsx', options.file],
    env: { ...options.env, PORT: String(options.port) },
    readyPath: options.readyPath ?? '/health',
  })
}
