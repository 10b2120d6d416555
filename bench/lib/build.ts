import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { NEXT_BIN, TMP } from './paths'
import { runOk, sleep, spawnLogged } from '../../test/support/process'
import { readTimeReport } from './time-v'

/** Every process below pid (children, grandchildren…), from /proc. */
async function descendants(pid: number): Promise<number[]> {
  const found: number[] = []
  const queue = [pid]
  while (queue.length) {
    const current = queue.shift()!
    let tasks: string[] = []
    try {
      tasks = await readdir(`/proc/${current}/task`)
    } catch {
      continue
    }
    for (const task of tasks) {
      try {
        const text = await readFile(`/proc/${current}/task/${task}/children`, 'utf8')
        for (const child of text.trim().split(/\s+/).filter(Boolean).map(Number)) {
          found.push(child)
          queue.push(child)
        }
      } catch {
        // exited meanwhile
      }
    }
  }
  return found
}

async function rssKiB(pid: number): Promise<number> {
  try {
    return Number(/VmRSS:\s*(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/** Phases as `next build` prints them. */
export type BuildPhases = {
  compileSeconds?: number
  typescriptSeconds?: number
  /** Static pages generated so far, of the total. */
  pagesDone?: number
  pagesTotal?: number
  /** Seconds from the first "Generating static pages" line to the last progress seen. */
  generateSeconds?: number
}

const seconds = (amount: string, unit: string) =>
  Number(amount) * (unit === 'min' ? 60 : unit === 'ms' ? 0.001 : 1)

export function parsePhases(log: string): Omit<BuildPhases, 'generateSeconds'> & {
  generateSecondsReported?: number
} {
  const compile = /Compiled successfully in ([\d.]+)(ms|s|min)/.exec(log)
  const typescript = /Finished TypeScript in ([\d.]+)(ms|s|min)/.exec(log)
  const progress = [...log.matchAll(/Generating static pages[^(]*\((\d+)\/(\d+)\)/g)].at(-1)
  const finished = /Generating static pages[^(]*\(\d+\/\d+\) in ([\d.]+)(ms|s|min)/.exec(log)
  return {
    compileSeconds: compile ? seconds(compile[1]!, compile[2]!) : undefined,
    typescriptSeconds: typescript ? seconds(typescript[1]!, typescript[2]!) : undefined,
    pagesDone: progress ? Number(progress[1]) : undefined,
    pagesTotal: progress ? Number(progress[2]) : undefined,
    generateSecondsReported: finished ? seconds(finished[1]!, finished[2]!) : undefined,
  }
}

export type BuildRun = BuildPhases & {
  ok: boolean
  seconds: number
  /** Largest single process (GNU time -v: max RSS over the build and its waited-for workers). */
  peakRssKiB?: number
  /** Largest sum of RSS over the whole process tree, sampled every 250 ms. */
  peakTreeRssKiB: number
  timedOut: boolean
  logFile: string
}

/**
 * `next build` under /usr/bin/time -v, with the given environment. If it runs past
 * the timeout, the build and its workers are stopped by their PIDs.
 */
export async function timedBuild(options: {
  name: string
  env: NodeJS.ProcessEnv
  timeoutMs: number
}): Promise<BuildRun> {
  const logFile = path.join(TMP, `${options.name}.log`)
  const timeFile = path.join(TMP, `${options.name}.time`)
  // What `npm run build` runs first: the routes of these posts, which next.config.mjs reads.
  await runOk(process.execPath, ['--import', 'tsx', 'scripts/write-routes.ts', 'production'], {
    env: options.env,
  })
  const started = performance.now()
  const child = spawnLogged(
    '/usr/bin/time',
    ['-v', '-o', timeFile, process.execPath, NEXT_BIN, 'build'],
    logFile,
    { env: options.env },
  )
  let done = false
  const finished = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      done = true
      resolve(code)
    }),
  )
  let peakTree = 0
  let timedOut = false
  // When static generation started and the last time its progress moved, from the log.
  let generateStart: number | undefined
  let lastProgress: { at: number; done: number } | undefined
  let lastLogCheck = 0
  const watchLog = async () => {
    const text = await readFile(logFile, 'utf8').catch(() => '')
    const now = performance.now()
    if (generateStart === undefined && text.includes('Generating static pages')) generateStart = now
    const { pagesDone } = parsePhases(text)
    if (pagesDone !== undefined && pagesDone !== lastProgress?.done) {
      lastProgress = { at: now, done: pagesDone }
    }
  }
  while (!done) {
    if (performance.now() - lastLogCheck > 1000) {
      lastLogCheck = performance.now()
      await watchLog()
    }
    const pids = child.pid ? await descendants(child.pid) : []
    let sum = 0
    for (const pid of pids) sum += await rssKiB(pid)
    peakTree = Math.max(peakTree, sum)
    if (performance.now() - started > options.timeoutMs && !timedOut) {
      timedOut = true
      for (const pid of pids.reverse()) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone
        }
      }
    }
    await Promise.race([finished, sleep(250)])
  }
  const code = await finished
  const wall = (performance.now() - started) / 1000
  const report = await readTimeReport(timeFile)
  const { generateSecondsReported, ...phases } = parsePhases(await readFile(logFile, 'utf8'))
  const generateSeconds =
    generateSecondsReported ??
    (generateStart !== undefined && lastProgress
      ? (lastProgress.at - generateStart) / 1000
      : undefined)
  return {
    ...phases,
    generateSeconds,
    ok: code === 0 && !timedOut,
    seconds: wall,
    peakRssKiB: report.peakRssKiB,
    peakTreeRssKiB: peakTree,
    timedOut,
    logFile,
  }
}
