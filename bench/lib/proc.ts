import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import net from 'node:net'
import { ROOT } from './paths'

export type Ran = { code: number | null; stdout: string; stderr: string; ms: number }

/** Runs a command to completion, capturing its output (and teeing it to a log file if given). */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; log?: string; input?: string } = {},
): Promise<Ran> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    const log = options.log ? createWriteStream(options.log) : undefined
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d
      log?.write(d)
    })
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d
      log?.write(d)
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    child.on('error', reject)
    child.on('close', (code) => {
      log?.end()
      resolve({ code, stdout, stderr, ms: performance.now() - started })
    })
  })
}

/** Like run(), but throws with the tail of the output when the command fails. */
export async function runOk(
  command: string,
  args: string[],
  options: Parameters<typeof run>[2] = {},
): Promise<Ran> {
  const result = await run(command, args, options)
  if (result.code !== 0) {
    const tail = (result.stdout + result.stderr).trim().split('\n').slice(-20).join('\n')
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${tail}`)
  }
  return result
}

export function spawnLogged(
  command: string,
  args: string[],
  logFile: string,
  options: SpawnOptions = {},
): ChildProcess {
  const log = createWriteStream(logFile)
  const child = spawn(command, args, { cwd: ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  return child
}

export function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/** Stops one process we started, by its PID: SIGTERM, then SIGKILL if it lingers. */
export async function stopPid(pid: number, waitFor: () => Promise<boolean>): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return // already gone
  }
  if (await waitFor()) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // gone in between
  }
  await waitFor()
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** True when nothing listens on the port (IPv4 or IPv6 loopback). */
export async function portFree(port: number): Promise<boolean> {
  const probe = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host })
      socket.once('connect', () => {
        socket.destroy()
        resolve(false)
      })
      socket.once('error', () => resolve(true))
    })
  return (await probe('127.0.0.1')) && (await probe('::1'))
}

export async function assertPortFree(port: number): Promise<void> {
  if (!(await portFree(port))) {
    throw new Error(`port ${port} is in use: stop whatever listens there (bench uses 3300–3399)`)
  }
}

/** Polls a URL until it answers 200, or throws after the timeout. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the server for ${url} exited before it was ready`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}
