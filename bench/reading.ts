/**
 * Section 3: reading throughput. autocannon GET of a prerendered post against
 * next start, and against a plain node:http server sending the same HTML bytes
 * with the same content-type (the baseline), one after the other in this run.
 *   tsx bench/reading.ts
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { appEnv, baseEnv } from './lib/env'
import { load, type Load } from './lib/load'
import { BUILD_DIR } from './lib/paths'
import { int, median, mib, ms, ratio, type Row, type SectionResult } from './lib/results'
import { isMain, log, runAlone } from './lib/section'
import { freshPglite, startMeasured, type RunningServer } from './lib/servers'

const TITLE = '3. Reading throughput'
const PAGE = '/posts/red-green-refactor-walkthrough'
const HTML_FILE = path.join(
  BUILD_DIR,
  'server',
  'app',
  'posts',
  'red-green-refactor-walkthrough.html',
)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_SECONDS = 3
const FORM_PAGE = '/posts/writing-about-failures'

async function timedGet(url: string): Promise<{ ms: number; status: number }> {
  const started = performance.now()
  const response = await fetch(url)
  await response.arrayBuffer()
  return { ms: performance.now() - started, status: response.status }
}

const vmHwmKiB = async (pid: number) =>
  Number(/VmHWM:\s*(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN)

async function measure(server: RunningServer): Promise<Load> {
  const url = `${server.url}${PAGE}`
  log(`${server.name}: warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s × ${CONNECTIONS} connections`)
  await load({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS })
  return load({ url, connections: CONNECTIONS, duration: SECONDS })
}

export async function readingSection(): Promise<SectionResult> {
  const html = await readFile(HTML_FILE)
  const notes: string[] = []

  const next = await startMeasured({
    name: 'reading-next',
    env: appEnv({ pgliteDir: await freshPglite('pglite-reading') }),
  })
  let nextLoad: Load
  let nextRss: number | undefined
  let contentType: string
  let identical: boolean
  const cold = { staticMs: NaN, formMs: NaN, formWarmMs: NaN, rssBefore: NaN, rssAfter: NaN }
  try {
    // A fresh server: the first view of a static post, then of the post with the
    // form (rendered per request from cached parts: see app/posts/[slug]/discuss).
    cold.staticMs = (await timedGet(`${next.url}${PAGE}`)).ms
    cold.rssBefore = await vmHwmKiB(next.pid)
    const first = await timedGet(`${next.url}${FORM_PAGE}`)
    if (first.status !== 200) throw new Error(`GET ${FORM_PAGE} answered ${first.status}`)
    cold.formMs = first.ms
    cold.rssAfter = await vmHwmKiB(next.pid)
    const warm: number[] = []
    for (let i = 0; i < 5; i++) warm.push((await timedGet(`${next.url}${FORM_PAGE}`)).ms)
    cold.formWarmMs = median(warm)
    const probe = await fetch(`${next.url}${PAGE}`)
    const served = Buffer.from(await probe.arrayBuffer())
    if (probe.status !== 200) throw new Error(`GET ${PAGE} answered ${probe.status}`)
    contentType = probe.headers.get('content-type') ?? 'text/html; charset=utf-8'
    identical = served.equals(html)
    nextLoad = await measure(next)
  } finally {
    nextRss = (await next.stop()).peakRssKiB
  }

  const plain = await startMeasured({
    name: 'reading-static',
    script: path.join(import.meta.dirname, 'lib', 'static-server.ts'),
    env: baseEnv({ HTML_FILE, CONTENT_TYPE: contentType }),
  })
  let baseLoad: Load
  let baseRss: number | undefined
  try {
    baseLoad = await measure(plain)
  } finally {
    baseRss = (await plain.stop()).peakRssKiB
  }

  const common = {
    section: TITLE,
    baseline: 'node:http sending the same HTML bytes',
  }
  const rows: Row[] = [
    {
      ...common,
      measure: `GET ${PAGE}: requests/s (${CONNECTIONS} connections, ${SECONDS} s)`,
      value: int(nextLoad.rps),
      baselineValue: int(baseLoad.rps),
      ratio: ratio(nextLoad.rps, baseLoad.rps),
    },
    {
      ...common,
      measure: 'latency p50',
      value: ms(nextLoad.p50),
      baselineValue: ms(baseLoad.p50),
      ratio: ratio(nextLoad.p50, baseLoad.p50),
    },
    {
      ...common,
      measure: 'latency p99',
      value: ms(nextLoad.p99),
      baselineValue: ms(baseLoad.p99),
      ratio: ratio(nextLoad.p99, baseLoad.p99),
    },
    {
      ...common,
      measure: 'next start peak RSS (/usr/bin/time -v)',
      value: mib(nextRss),
      baselineValue: mib(baseRss),
      ratio: ratio(nextRss ?? NaN, baseRss ?? NaN),
    },
    {
      ...common,
      measure: 'responses that were not 200, errors, timeouts',
      value: `${nextLoad.non2xx}, ${nextLoad.errors}, ${nextLoad.timeouts}`,
      baselineValue: `${baseLoad.non2xx}, ${baseLoad.errors}, ${baseLoad.timeouts}`,
      ratio: '',
    },
    {
      section: TITLE,
      measure: `first GET ${FORM_PAGE} (post with the form) after next start, database already created`,
      value: ms(cold.formMs),
      baseline: `first GET ${PAGE} (static post), same server`,
      baselineValue: ms(cold.staticMs),
      ratio: ratio(cold.formMs, cold.staticMs),
    },
    {
      section: TITLE,
      measure: `later GETs of ${FORM_PAGE} (median of 5)`,
      value: ms(cold.formWarmMs),
      baseline: 'its first GET after start',
      baselineValue: ms(cold.formMs),
      ratio: ratio(cold.formWarmMs, cold.formMs),
    },
  ]
  notes.push(
    `Reading, cold start: the server's own peak RSS (VmHWM) went from ${mib(cold.rssBefore)} to ` +
      `${mib(cold.rssAfter)} on the first view of the post with the form.`,
  )
  notes.push(
    `Reading: ${html.length.toLocaleString('en-US')} bytes of HTML, \`${contentType}\`; next start served ` +
      `${identical ? 'exactly the prerendered file' : 'bytes that differ from the prerendered file'}. ` +
      `${int(nextLoad.completed)} and ${int(baseLoad.completed)} requests measured. autocannon runs in ` +
      'the bench process on the same 2 cores as the server, for both.',
  )
  return { title: TITLE, rows, notes }
}

if (isMain(import.meta.url)) await runAlone(TITLE, readingSection)
