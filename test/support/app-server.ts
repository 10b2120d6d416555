/**
 * The production server as the tests and the benchmarks start it: `next start`
 * on the build in .next (or a TypeScript server run by node with tsx as a
 * loader), on a free port unless one is given, with the end-to-end environment
 * and the database chosen. It is stopped by its own PID (never by name), and
 * every process started here is killed when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs'
import { copyMigratedPglite } from './databases'
import { serverEnv } from './server-env'
import { NEXT_BIN, ROOT } from './paths'
import { freePort, portAnswers, sleep } from './process'

/** The salt the servers started here hash client IPs with (tests recompute hashes with it). */
export const IP_SALT = 'test-only-ip-salt'

export type ServerOptions = {
  /** Fixed port; otherwise a free one is picked at the first start and kept for restarts. */
  port?: number
  /**
   * PGlite folder; ignored when `postgresUrl` is set. One that does not exist yet
   * starts as a copy of a migrated one (copyMigratedPglite), as a deployed site's
   * database already exists, unless `pgliteFromScratch` leaves it to the server.
   */
  pgliteDir?: string
  pgliteFromScratch?: boolean
  postgresUrl?: string
  /** host:port of the WebSocket proxy (startWsProxy), with `postgresUrl`. */
  wsProxy?: string
  /** Added to (and overriding) the environment built from the options above. */
  env?: Record<string, string | undefined>
  /** Instead of `next start`: a TypeScript server file, told its port in PORT. */
  script?: string
  /** The path polled until it answers 200 (default /about, or /health for a script). */
  readyPath?: string
  /** A command the server runs under, e.g. ['/usr/bin/time', '-v', '-o', file]. */
  wrapper?: string[]
  /** Also write everything the server prints to this file. */
  logFile?: string
  /** A name for messages and attachments. */
  name?: string
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null }

const live = new Set<number>()
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
})

/** The child a wrapper started (the wrapper's own PID is not the server's). */
async function childOf(parent: number): Promise<number> {
  for (let i = 0; i < 250; i++) {
    try {
      const text = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8')
      const pid = Number(text.trim().split(/\s+/)[0])
      if (pid) return pid
    } catch {
      // Not there yet.
    }
    await sleep(20)
  }
  throw new Error(`no child process under ${parent}`)
}

export class AppServer {
  private child: ChildProcess | undefined
  private serverPid: number | undefined
  private exited: Promise<Exit> | undefined
  private chosenPort: number | undefined
  private log: WriteStream | undefined
  /** Everything the process printed (the last 1-2 MB), for failure messages and log checks. */
  output = ''

  constructor(readonly options: ServerOptions = {}) {
    this.chosenPort = options.port
  }

  get name(): string {
    return this.options.name ?? (this.options.script ? 'server' : 'next start')
  }

  /** The port, once chosen (at construction if given, else at the first start). */
  get port(): number {
    if (this.chosenPort === undefined) throw new Error(`${this.name} has no port before start()`)
    return this.chosenPort
  }

  get baseUrl(): string {
    return `http://localhost:${this.port}`
  }

  /** The PID of the server itself (not of a wrapper around it). */
  get pid(): number | undefined {
    return this.serverPid
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    )
  }

  /** The environment the server runs with: the end-to-end one, this server's address and database. */
  environment(): NodeJS.ProcessEnv {
    const { pgliteDir, postgresUrl, wsProxy } = this.options
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: process.env.LANG ?? 'C.UTF-8',
      ...serverEnv,
      SITE_URL: this.baseUrl,
      IP_HASH_SALT: IP_SALT,
      PGLITE_DIR: pgliteDir ?? '.data/test-unused-pglite',
      POSTGRES_URL: postgresUrl ?? '',
      POSTGRES_WS_PROXY: wsProxy ?? '',
      ...(this.options.script ? { PORT: String(this.port) } : {}),
      ...this.options.env,
      // Whatever a test adds, the server stays on this machine.
      OUTBOUND_ALLOW_ONLY: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
    }
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key]
    return env as NodeJS.ProcessEnv
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} on ${this.port} is already running`)
    this.chosenPort ??= await freePort()
    const port = this.port
    const { pgliteDir, postgresUrl, pgliteFromScratch } = this.options
    if (pgliteDir && !postgresUrl && !pgliteFromScratch && !existsSync(pgliteDir)) {
      await copyMigratedPglite(pgliteDir)
    }
    // Otherwise the readiness poll below could be answered by whatever holds the port.
    if (await portAnswers(port)) {
      throw new Error(`port ${port} is already in use: stop what listens there first`)
    }
    const args = this.options.script
      ? ['--import', 'tsx', this.options.script]
      : [NEXT_BIN, 'start', '-p', String(port)]
    const [command, ...prefix] = [...(this.options.wrapper ?? []), process.execPath]
    const child = spawn(command as string, [...prefix, ...args], {
      cwd: ROOT,
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    if (!child.pid) throw new Error(`could not start ${this.name}`)
    this.child = child
    live.add(child.pid)
    this.log ??= this.options.logFile ? createWriteStream(this.options.logFile) : undefined
    const collect = (chunk: Buffer | string) => {
      this.output += chunk.toString()
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000)
      this.log?.write(chunk)
    }
    collect(`--- ${this.name} on port ${port} (pid ${child.pid})\n`)
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (child.pid) live.delete(child.pid)
        collect(`--- exited (code ${code}, signal ${signal})\n`)
        resolve({ code, signal })
      })
    })
    this.serverPid = this.options.wrapper ? await childOf(child.pid) : child.pid
    live.add(this.serverPid)

    const readyPath = this.options.readyPath ?? (this.options.script ? '/health' : '/about')
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.output}`)
      try {
        const response = await fetch(`${this.baseUrl}${readyPath}`, {
          signal: AbortSignal.timeout(5_000),
        })
        await response.arrayBuffer()
        if (response.status === 200 && this.running) return
      } catch {
        // Not listening yet.
      }
      await sleep(150)
    }
    await this.stop('SIGKILL')
    throw new Error(`${this.name} on ${port} was not ready in ${timeoutMs} ms:\n${this.output}`)
  }

  /** Sends `signal` to the server's own PID and waits for it to exit (SIGKILL after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<Exit | undefined> {
    const pid = this.serverPid
    if (!this.child || !this.exited || pid === undefined) return undefined
    const kill = (s: NodeJS.Signals) => {
      try {
        process.kill(pid, s)
      } catch {
        // Already gone.
      }
    }
    if (this.running) kill(signal)
    const timer = setTimeout(() => kill('SIGKILL'), timeoutMs)
    try {
      return await this.exited
    } finally {
      clearTimeout(timer)
      live.delete(pid)
    }
  }
}

/** Attaches each server's output to a Playwright test that did not end as expected. */
export async function attachOutputsOnFailure(
  testInfo: import('@playwright/test').TestInfo,
  servers: (AppServer | undefined)[],
): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return
  for (const server of servers) {
    if (server?.output) {
      await testInfo.attach(`${server.name} (pid ${server.pid})`, {
        body: server.output.slice(-200_000),
        contentType: 'text/plain',
      })
    }
  }
}
