import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import net from 'node:net'
import { ROOT } from './paths'

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

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

/** Starts a command with its stdout and stderr written to a log file. */
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

/** Resolves when the child has exited, or with false after `timeoutMs`. */
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

/**
 * A TCP port nothing listens on now, picked by the kernel. Another process could
 * take it before ours binds it; the launchers check again and say so if it did.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Whether something accepts TCP connections on host:port (a hang counts as yes). */
export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    socket.setTimeout(2_000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** True when nothing listens on the port, on the IPv4 or the IPv6 loopback. */
export async function portFree(port: number): Promise<boolean> {
  return !(await portAnswers(port, '127.0.0.1')) && !(await portAnswers(port, '::1'))
}

/** Polls a URL until it answers 200, or throws after the timeout. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the server for ${url} exited before it was ready`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
      await response.arrayBuffer()
      if (response.ok && isAlive()) return
    } catch {
      // Not listening yet.
    }
    await sleep(150)
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}
