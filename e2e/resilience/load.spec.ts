/**
 * Readers send distinct links at once (released in waves: 60 with 30 in flight
 * under `npm test`, 1,000 with 100 in flight under the bench's TEST_CAPACITY),
 * through the real no-JavaScript server action request, first to a server on a
 * fresh PGlite folder, then to one on PostgreSQL through the production driver.
 * Each answer is read from the 303 itself (the page it leads to is the same for
 * all and is tested elsewhere), so the server's time goes to the submissions.
 *
 * Nothing may be lost, doubled or invented: every acknowledged link is stored
 * exactly once with its own client's hash, every refused one got a clear answer
 * and left no row, and the table holds nothing else.
 */
import { expect, test } from '@playwright/test'
import { hashIp } from '../../lib/submissions/ip-hash'
import {
  clientIp,
  inWaves,
  loadActionForm,
  submitLink,
  tally,
  uniqueUrl,
  type SubmitResult,
} from '../../test/support/form-client'
import { AppServer, attachOutputsOnFailure, IP_SALT } from '../../test/support/app-server'
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
import { CAPACITY } from '../../test/support/capacity'
import { duplicateNormalizedUrls, rowsPerUrl } from './checks'

test.describe.configure({ mode: 'serial' })

const TOTAL = CAPACITY ? 1_000 : 60
const IN_FLIGHT = CAPACITY ? 100 : 30
const HOW_MANY = TOTAL.toLocaleString('en')

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

async function sendAll(baseUrl: string, block: number): Promise<Sent[]> {
  const form = await loadActionForm(baseUrl)
  const started = Date.now()
  const sent = await inWaves(TOTAL, IN_FLIGHT, async (i) => {
    const url = uniqueUrl(`load-${i}`)
    const ip = clientIp(i, block)
    const result = await submitLink(
      baseUrl,
      form,
      { url, title: `Load story ${i}`, name: 'Loader' },
      { ip, follow: false },
    )
    return {
      ...result,
      body: result.outcome === 'unclear' ? result.body.slice(0, 300) : '',
      url,
      ip,
    }
  })
  const slowest = Math.max(...sent.map((s) => s.ms))
  test.info().annotations.push({
    type: 'outcomes',
    description: `${JSON.stringify(tally(sent))} in ${Date.now() - started} ms (slowest answer ${slowest} ms)`,
  })
  return sent
}

function expectEverythingAccountedFor(sent: Sent[], rows: DatabaseRows): void {
  const describe = (s: Sent) =>
    `${s.url}: HTTP ${s.status} ${s.outcome} ${s.error ?? ''} ${JSON.stringify(s.body)}`

  // Every answer is the post/redirect/get 303 carrying one of the form's known
  // messages: no 5xx, no empty or unknown answer.
  expect(sent.filter((s) => s.outcome === 'unclear').map(describe), 'unclear answers').toEqual([])
  expect(sent.filter((s) => s.status !== 303).map(describe), 'answers other than 303').toEqual([])
  // Distinct links from distinct clients: "already received" would be a lie.
  expect(sent.filter((s) => s.outcome === 'duplicate').map(describe)).toEqual([])

  const acknowledged = sent.filter((s) => s.outcome === 'received')
  const refused = sent.filter((s) => s.outcome !== 'received')
  const perUrl = rowsPerUrl(rows)
  const byUrl = new Map(rows.submissions.map((r) => [r.url, r]))

  expect(
    acknowledged
      .filter((s) => perUrl.get(s.url) !== 1)
      .map((s) => `${s.url}: ${perUrl.get(s.url) ?? 0} rows`),
    'acknowledged links not stored exactly once',
  ).toEqual([])
  expect(
    acknowledged
      .filter((s) => byUrl.get(s.url)?.ip_hash !== hashIp(s.ip, IP_SALT))
      .map((s) => s.url),
    'acknowledged links stored with another client’s hash',
  ).toEqual([])
  expect(refused.filter((s) => perUrl.has(s.url)).map(describe), 'refused links stored').toEqual([])
  expect(rows.submissions.length, 'rows beyond the acknowledged links').toBe(acknowledged.length)
  expect(duplicateNormalizedUrls(rows)).toEqual([])
  // One rate-limit hit per stored link, none for a refused one (same transaction).
  expect(rows.rateLimitHits.length).toBe(acknowledged.length)

  // Distinct clients well under their limit: the server has no reason to turn readers away.
  expect(acknowledged.length, `acknowledged of ${HOW_MANY}`).toBeGreaterThanOrEqual(TOTAL * 0.95)
}

test(`PGlite: ${HOW_MANY} concurrent submissions are each stored exactly once or clearly refused`, async () => {
  test.setTimeout(300_000)
  const dir = freshPgliteDir('load')
  folders.push(dir)
  const server = new AppServer({ pgliteDir: dir })
  servers.push(server)
  await test.step('start on a fresh folder', () => server.start())

  const sent = await test.step(`${HOW_MANY} submissions`, () => sendAll(server.baseUrl, 1))
  expect(server.running, 'the server survived the burst').toBe(true)

  // The folder lock lets one process in at a time: stop the server to read the data.
  await test.step('stop', () => server.stop('SIGTERM'))
  expectEverythingAccountedFor(sent, await test.step('read the folder', () => pgliteRows(dir)))
})

test(`PostgreSQL (production driver): ${HOW_MANY} concurrent submissions are each stored exactly once or clearly refused`, async () => {
  test.setTimeout(300_000)
  proxy = await startWsProxy()
  const wsProxy = proxy.address
  const database = await createPostgresDatabase('load', { wsProxy })
  databases.push(database)
  const server = new AppServer({ postgresUrl: database.url, wsProxy })
  servers.push(server)
  await test.step('start', () => server.start())

  const sent = await test.step(`${HOW_MANY} submissions`, () => sendAll(server.baseUrl, 2))
  expect(server.running, 'the server survived the burst').toBe(true)

  expectEverythingAccountedFor(sent, await database.rows())
  await server.stop('SIGTERM')
})
