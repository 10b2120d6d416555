/**
 * The server is stopped while submissions are in flight (30 under `npm test`,
 * 200 under the bench's TEST_CAPACITY): with SIGKILL (a
 * crash, an OOM kill) and with SIGTERM (a deploy, a container stop). It is then
 * started again on the same data, which for PGlite means taking over the lock
 * the dead process left. Every submission acknowledged before the stop must be
 * stored exactly once; unacknowledged ones may or may not be, but never twice
 * and never half (a submission without its rate-limit hit, or the reverse).
 */
import { existsSync, readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import {
  clientIp,
  inWaves,
  loadActionForm,
  submitLink,
  tally,
  uniqueUrl,
  type SubmitResult,
} from '../../test/support/form-client'
import { AppServer, attachOutputsOnFailure } from '../../test/support/app-server'
import {
  createPostgresDatabase,
  freshPgliteDir,
  pgliteRows,
  removePgliteDir,
  startWsProxy,
  type DatabaseRows,
  type PostgresDatabase,
  type WsProxy,
} from '../../test/support/databases'
import { sleep } from '../../test/support/process'
import { CAPACITY } from '../../test/support/capacity'
import { duplicateNormalizedUrls, rowsPerUrl } from './checks'

test.describe.configure({ mode: 'serial' })

const IN_FLIGHT = CAPACITY ? 200 : 30
/** Stop the server once this many have been acknowledged: mid-way through the burst. */
const STOP_AFTER_ACKS = IN_FLIGHT / 4

type Sent = SubmitResult & { url: string; ip: string }

const servers: AppServer[] = []
const folders: string[] = []
const databases: PostgresDatabase[] = []
let proxy: WsProxy | undefined

test.afterEach(async ({}, testInfo) => attachOutputsOnFailure(testInfo, servers))

test.afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL')
  await proxy?.close()
  for (const database of databases) await database.drop()
  for (const dir of folders) removePgliteDir(dir)
})

/** Sends IN_FLIGHT submissions at once and stops the server with `signal` mid-way. */
async function stopMidBurst(
  server: AppServer,
  signal: NodeJS.Signals,
  block: number,
): Promise<Sent[]> {
  const form = await loadActionForm(server.baseUrl)
  let acknowledged = 0
  let settled = 0
  const inFlight = Promise.all(
    Array.from({ length: IN_FLIGHT }, async (_, i): Promise<Sent> => {
      const url = uniqueUrl(`restart-${i}`)
      const ip = clientIp(i, block)
      // The 303 is the acknowledgement (the row is committed before it is sent).
      const result = await submitLink(
        server.baseUrl,
        form,
        { url, title: `Story ${i}` },
        { ip, follow: false },
      )
      settled++
      if (result.outcome === 'received') acknowledged++
      return { ...result, body: '', url, ip }
    }),
  )
  while (acknowledged < STOP_AFTER_ACKS && settled < IN_FLIGHT) await sleep(5)
  const ackedAtStop = acknowledged
  const exit = await server.stop(signal)
  const sent = await inFlight
  test.info().annotations.push({
    type: `${signal}`,
    description: `stopped after ${ackedAtStop} acknowledgements; exit ${JSON.stringify(exit)}; answers ${JSON.stringify(tally(sent))}`,
  })
  expect(ackedAtStop, 'the stop came mid-way through the burst').toBeLessThan(IN_FLIGHT)
  return sent
}

/** After a restart: readers whose answer never came send the same link again. */
async function resendUnanswered(server: AppServer, sent: Sent[]): Promise<Sent[]> {
  const form = await loadActionForm(server.baseUrl)
  const unanswered = sent.filter((s) => s.outcome !== 'received').slice(0, 60)
  const again = await inWaves(unanswered.length, 20, async (i) => {
    const s = unanswered[i] as Sent
    const result = await submitLink(
      server.baseUrl,
      form,
      { url: s.url },
      { ip: s.ip, follow: false },
    )
    return { ...result, body: '', url: s.url, ip: s.ip }
  })
  // Stored before the crash (the answer was lost) or not: either way the reader is told it is in.
  expect(
    again
      .filter((s) => s.outcome !== 'received' && s.outcome !== 'duplicate')
      .map((s) => `${s.url}: ${s.status} ${s.outcome}`),
  ).toEqual([])
  return again
}

function expectAcknowledgedStored(sent: Sent[], again: Sent[], rows: DatabaseRows): void {
  const perUrl = rowsPerUrl(rows)
  const acknowledged = sent.filter((s) => s.outcome === 'received')
  const unacknowledged = sent.filter((s) => s.outcome !== 'received')
  const lost = acknowledged.filter((s) => perUrl.get(s.url) !== 1)
  const unackedStored = unacknowledged.filter((s) => perUrl.has(s.url)).length
  test.info().annotations.push({
    type: 'data after restart',
    description: `${acknowledged.length} acknowledged, ${lost.length} of them missing or doubled; ${unackedStored} of ${unacknowledged.length} unacknowledged stored; ${rows.submissions.length} rows, ${rows.rateLimitHits.length} rate-limit hits`,
  })
  expect(
    lost.map((s) => `${s.url}: ${perUrl.get(s.url) ?? 0} rows`),
    `acknowledged submissions lost or doubled (of ${acknowledged.length})`,
  ).toEqual([])

  // Nothing invented, nothing doubled, nothing half-written.
  const sentUrls = new Set([...sent, ...again].map((s) => s.url))
  expect(rows.submissions.filter((r) => !sentUrls.has(r.url)).map((r) => r.url)).toEqual([])
  expect([...perUrl].filter(([, n]) => n > 1)).toEqual([])
  expect(duplicateNormalizedUrls(rows)).toEqual([])
  // Each stored submission and each "already received" answer counts one hit, in the same
  // transaction: a crash may leave neither, never one without the other.
  const duplicates = again.filter((s) => s.outcome === 'duplicate').length
  expect(rows.rateLimitHits.length, 'rate-limit hits: one per stored or duplicate answer').toBe(
    rows.submissions.length + duplicates,
  )
  // The resent links are all in now.
  expect(again.filter((s) => perUrl.get(s.url) !== 1).map((s) => s.url)).toEqual([])
}

/** One new reader after the restart: the server must take submissions again. */
async function submitAfterRestart(server: AppServer, block: number): Promise<Sent> {
  const url = uniqueUrl('after-restart')
  const ip = clientIp(IN_FLIGHT + 1, block)
  const result = await submitLink(
    server.baseUrl,
    await loadActionForm(server.baseUrl),
    { url },
    { ip },
  )
  expect(result.outcome, 'a new submission after the restart').toBe('received')
  return { ...result, body: '', url, ip }
}

function readLockPid(dir: string): number | undefined {
  const file = `${dir}.lock`
  if (!existsSync(file)) return undefined
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { pid?: number }).pid
  } catch {
    return -1
  }
}

/**
 * One folder through both stops: a crash (SIGKILL), a restart that takes over
 * the lock the dead process left, then a deploy's SIGTERM and another restart.
 * One chain rather than a fresh folder per signal: each server start on PGlite
 * costs seconds of CPU, and the second stop meets a folder that has already
 * been through a crash, as a real one would.
 */
test(`PGlite: SIGKILL, then SIGTERM, with ${IN_FLIGHT} submissions in flight, restarts on the same folder, nothing acknowledged is lost`, async () => {
  test.setTimeout(300_000)
  const dir = freshPgliteDir('restart')
  folders.push(dir)
  const server = new AppServer({ pgliteDir: dir })
  servers.push(server)
  await test.step('start on a fresh folder', () => server.start())
  const sent: Sent[] = []

  for (const [signal, block] of [
    ['SIGKILL', 11],
    ['SIGTERM', 12],
  ] as const) {
    const deadPid = server.pid
    sent.push(
      ...(await test.step(`${signal} mid-burst`, () => stopMidBurst(server, signal, block))),
    )

    const lockPid = readLockPid(dir)
    test.info().annotations.push({
      type: `lock after ${signal}`,
      description:
        lockPid === undefined
          ? 'released'
          : `left behind, holding pid ${lockPid} (dead: ${deadPid})`,
    })
    if (signal === 'SIGKILL') {
      // A killed process cannot clean up: the restart below must take its lock over.
      expect(lockPid).toBe(deadPid)
    }
    await test.step(`start again on the same folder after ${signal}`, () => server.start())
  }

  const after = await test.step('a new reader', () => submitAfterRestart(server, 12))
  const again = await test.step('unanswered readers resend', () => resendUnanswered(server, sent))
  await test.step('stop', () => server.stop('SIGTERM'))

  const rows = await test.step('read the folder', () => pgliteRows(dir))
  expectAcknowledgedStored(sent, [...again, after], rows)
})

test(`PostgreSQL (production driver): SIGKILL with ${IN_FLIGHT} submissions in flight, restart, nothing acknowledged is lost`, async () => {
  test.setTimeout(240_000)
  proxy = await startWsProxy()
  const wsProxy = proxy.address
  const database = await createPostgresDatabase('restart', { wsProxy })
  databases.push(database)
  const server = new AppServer({ postgresUrl: database.url, wsProxy })
  servers.push(server)
  await test.step('start', () => server.start())

  const sent = await test.step('SIGKILL mid-burst', () => stopMidBurst(server, 'SIGKILL', 13))

  await test.step('start again', () => server.start())
  const after = await test.step('a new reader', () => submitAfterRestart(server, 13))
  const again = await test.step('unanswered readers resend', () => resendUnanswered(server, sent))

  const rows = await database.rows()
  expectAcknowledgedStored(sent, [...again, after], rows)
  await server.stop('SIGTERM')
})
