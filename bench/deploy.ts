/**
 * Section 7: the deploy target.
 * - Function sizes from `vercel build` (.vercel/output), each distinct function.
 * - A static post under next start, against the same bytes served from public/
 *   by the same server (on the deploy target the CDN serves these pages).
 * - Two next start instances on one PostgreSQL (TEST_POSTGRES_URL, or else an
 *   embedded server started for the section), each through the production
 *   driver and the WebSocket proxy: time from an approval on A to its view on B
 *   (median of 10).
 * Every server takes a free port.
 *   tsx bench/deploy.ts   (BENCH_DEPLOY_REUSE_OUTPUT=1 reads an existing .vercel/output)
 */
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { AUTHOR } from '../test/support/server-env'
import { functions, readOutput, vercelBuild } from '../test/deploy/vercel-output'
import {
  createPostgresDatabase,
  startWsProxy,
  type PostgresDatabase,
} from '../test/support/databases'
import { providePostgres } from '../test/support/postgres-server'
import { sleep } from '../test/support/process'
import { appEnv } from './lib/env'
import { load, type Load } from './lib/load'
import { BUILD_DIR, ROOT, TMP } from './lib/paths'
import { fixed, int, median, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { freshPglite, startMeasured, type RunningServer } from './lib/servers'

const TITLE = '7. Deploy target'
const PAGE = '/posts/red-green-refactor-walkthrough'
const READER_POST = '/posts/writing-about-failures'
const HTML_FILE = path.join(
  BUILD_DIR,
  'server',
  'app',
  'posts',
  'red-green-refactor-walkthrough.html',
)
/** public/bench-tmp/ is gitignored: the copy exists only while this section runs. */
const PUBLIC_COPY_DIR = path.join(ROOT, 'public', 'bench-tmp')
const PUBLIC_COPY = '/bench-tmp/static-post.html'
const CONNECTIONS = 10
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const APPROVALS = 10
const MB = 1024 * 1024

async function throughput(): Promise<{ post: Load; file: Load; identical: boolean }> {
  await mkdir(PUBLIC_COPY_DIR, { recursive: true })
  await copyFile(HTML_FILE, path.join(PUBLIC_COPY_DIR, 'static-post.html'))
  const server = await startMeasured({
    name: 'deploy-static',
    env: appEnv({ pgliteDir: await freshPglite('pglite-deploy') }),
  })
  try {
    const [a, b] = await Promise.all(
      [PAGE, PUBLIC_COPY].map(async (p) =>
        Buffer.from(await (await fetch(server.url + p)).arrayBuffer()),
      ),
    )
    const run = async (p: string) => {
      await load({ url: server.url + p, connections: CONNECTIONS, duration: 3 })
      return load({ url: server.url + p, connections: CONNECTIONS, duration: SECONDS })
    }
    const post = await run(PAGE)
    const file = await run(PUBLIC_COPY)
    return { post, file, identical: Boolean(a && b && a.equals(b)) }
  } finally {
    await server.stop()
    await rm(PUBLIC_COPY_DIR, { recursive: true, force: true })
  }
}

/** Milliseconds from "approved on A" until B's post page lists the link. */
async function approvalToView(): Promise<number[]> {
  const postgresServer = await providePostgres()
  const serverUrl = postgresServer.url
  // In this process: the only load here is one browser and a poll, not a load generator.
  const proxy = await startWsProxy({ serverUrl })
  const wsProxy = proxy.address
  let database: PostgresDatabase | undefined
  const servers: RunningServer[] = []
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
  try {
    database = await createPostgresDatabase('bench_deploy', { wsProxy, serverUrl })
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    })
    const env = appEnv({
      pgliteDir: path.join(TMP, 'pglite-deploy-unused'),
      postgresUrl: database.url,
      postgresWsProxy: wsProxy,
      extra: { RATE_LIMIT_MAX: '1000' },
    })
    const started = await Promise.allSettled([
      startMeasured({ name: 'deploy-a', env }),
      startMeasured({ name: 'deploy-b', env }),
    ])
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value)
    for (const s of started) if (s.status === 'rejected') throw s.reason
    const [a, b] = servers as [RunningServer, RunningServer]
    const reader = await browser.newPage()
    const urls = Array.from(
      { length: APPROVALS },
      (_, i) => `https://bench-${process.pid}-${i}.example.com/story`,
    )
    for (const url of urls) {
      await reader.goto(b.url + READER_POST)
      await reader.getByLabel('Link to your story').fill(url)
      await reader.getByRole('button', { name: 'Send my link' }).click()
      await reader.getByRole('main').getByRole('status').getByText('will appear').waitFor()
    }
    const author = await browser.newPage()
    await author.goto(`${a.url}/signin?callbackUrl=${encodeURIComponent('/admin')}`)
    await author.getByLabel('Email').fill(AUTHOR.email)
    await author.getByLabel('Password').fill(AUTHOR.password)
    await author.getByRole('button', { name: 'Sign in' }).click()
    await author.getByRole('heading', { name: 'Moderation' }).waitFor()
    const times: number[] = []
    for (const url of urls) {
      // B has the post cached without the link.
      await (await fetch(b.url + READER_POST)).text()
      await author.goto(`${a.url}/admin?post=writing-about-failures&status=pending`)
      const row = author.getByRole('listitem').filter({ hasText: url })
      await row.getByRole('button', { name: 'Approve', exact: true }).click()
      await row.waitFor({ state: 'detached' })
      const approved = performance.now()
      for (;;) {
        const html = await (await fetch(b.url + READER_POST)).text()
        if (html.includes(`href="${url}"`)) break
        if (performance.now() - approved > 20_000) throw new Error(`${url} never showed on B`)
        await sleep(10)
      }
      times.push(performance.now() - approved)
    }
    return times
  } finally {
    await browser?.close()
    for (const server of servers) await server.stop()
    await database?.drop().catch(() => undefined)
    await proxy.close()
    await postgresServer.stop()
  }
}

export async function deploySection(): Promise<SectionResult> {
  const rows: Row[] = []
  const notes: string[] = []

  log('static post and the same bytes from public/, one next start')
  const { post, file, identical } = await throughput()
  rows.push({
    section: TITLE,
    measure: `GET ${PAGE} under next start: requests/s (${CONNECTIONS} connections, ${SECONDS} s)`,
    value: int(post.rps),
    baseline: 'the same bytes from public/, same server',
    baselineValue: int(file.rps),
    ratio: ratio(post.rps, file.rps),
  })

  log(`two instances on one PostgreSQL: ${APPROVALS} approvals on A, each awaited on B`)
  const times = await approvalToView()
  rows.push({
    section: TITLE,
    measure: `approval on A to its view on B (median of ${APPROVALS}; max ${ms(Math.max(...times))})`,
    value: ms(median(times)),
    baseline: 'tag refresh interval',
    baselineValue: '500 ms',
    ratio: ratio(median(times), 500),
    budget: '≤ 1 s',
    pass: median(times) <= 1_000,
  })

  const reuse =
    process.env.BENCH_DEPLOY_REUSE_OUTPUT === '1' &&
    existsSync(path.join(ROOT, '.vercel', 'output', 'config.json'))
  if (!reuse) {
    // Last: it replaces .next with the deploy build.
    log('vercel build (replaces .next)')
    await vercelBuild()
  }
  const fns = functions(readOutput(ROOT))
  for (const fn of fns) {
    rows.push({
      section: TITLE,
      measure: `function ${fn.names[0]} (shared by ${fn.names.length} outputs), unzipped`,
      value: `${fixed(fn.bytes / MB)} MB`,
      baseline: 'budget',
      baselineValue: '25 MB',
      ratio: ratio(fn.bytes, 25 * MB),
      budget: '≤ 25 MB',
      pass: fn.bytes <= 25 * MB,
    })
  }
  const built = JSON.parse(
    await readFile(path.join(ROOT, '.vercel', 'output', 'builds.json'), 'utf8').catch(() => '{}'),
  ) as { target?: string }
  notes.push(
    `Deploy: \`vercel build\` (CLI 58.10.0${reuse ? ', output of an earlier run' : ''}${built.target ? `, target ${built.target}` : ''}) with POSTGRES_URL set to an unreachable database; ${fns.length} distinct functions. ` +
      `Static post: ${post.completed} and ${file.completed} requests measured; next start served ${identical ? 'the same bytes' : 'different bytes'} for both. ` +
      `Approvals: ${times.map((t) => fixed(t, 0)).join(', ')} ms.`,
  )
  return { title: TITLE, rows, notes }
}

if (isMain(import.meta.url)) await runAlone(TITLE, deploySection)
