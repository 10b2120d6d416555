import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, getDatabase } from '@/lib/db'
import { databaseWithoutPglite, sharedDatabase } from '@/lib/db/shared-handle'
import { resetEnvForTests } from '@/lib/env'
import {
  createPostgresDatabase,
  startWsProxyProcess,
  type PostgresDatabase,
  type WsProxy,
} from '../support/databases'
import { testDatabases } from '../support/test-databases'

/**
 * lib/db/shared-handle.ts, which proxy.ts uses: the process's open handle, or
 * PostgreSQL opened and shared, and never PGlite.
 */
const saved = { POSTGRES_URL: process.env.POSTGRES_URL, WS: process.env.POSTGRES_WS_PROXY }
function setEnv(values: { POSTGRES_URL?: string; POSTGRES_WS_PROXY?: string }): void {
  for (const key of ['POSTGRES_URL', 'POSTGRES_WS_PROXY'] as const) {
    if (values[key] === undefined) delete process.env[key]
    else process.env[key] = values[key]
  }
  resetEnvForTests()
}

afterEach(async () => {
  await closeDatabase()
  setEnv({ POSTGRES_URL: saved.POSTGRES_URL, POSTGRES_WS_PROXY: saved.WS })
})

describe('without POSTGRES_URL (PGlite)', () => {
  it('gives nothing while the app has not opened its database, and opens none', async () => {
    setEnv({})
    expect(databaseWithoutPglite()).toBeUndefined()
    expect(databaseWithoutPglite()).toBeUndefined()
  })

  it('gives the handle the app opened', async () => {
    setEnv({})
    const pglite = testDatabases.find((d) => d.name === 'pglite')!
    const opened = sharedDatabase(() => pglite.open())
    expect(databaseWithoutPglite()).toBe(opened)
    expect(getDatabase()).toBe(opened)
    const [row] = (
      (await (await databaseWithoutPglite()!).db.execute(sql`select 1 as one`)) as unknown as {
        rows: { one: number }[]
      }
    ).rows
    expect(row?.one).toBe(1)
  })
})

describe('with POSTGRES_URL', () => {
  let proxy: WsProxy
  let database: PostgresDatabase
  beforeAll(async () => {
    proxy = await startWsProxyProcess()
    database = await createPostgresDatabase('shared-handle', { wsProxy: proxy.address })
  })
  afterAll(async () => {
    await database?.drop()
    await proxy?.close()
  })

  it('opens PostgreSQL once and shares it: the app’s getDatabase() gets the same handle', async () => {
    setEnv({ POSTGRES_URL: database.url, POSTGRES_WS_PROXY: proxy.address })
    const opened = databaseWithoutPglite()
    expect(opened).toBeDefined()
    expect(databaseWithoutPglite()).toBe(opened)
    expect(getDatabase()).toBe(opened)
    const handle = await opened!
    expect(handle.kind).toBe('postgres')
    await handle.db.execute(sql`select 1`)
  })

  it('forgets a failed open, so the next request tries again', async () => {
    setEnv({ POSTGRES_URL: 'not a url', POSTGRES_WS_PROXY: proxy.address })
    await expect(databaseWithoutPglite()!).rejects.toThrow()
    setEnv({ POSTGRES_URL: database.url, POSTGRES_WS_PROXY: proxy.address })
    expect((await databaseWithoutPglite()!).kind).toBe('postgres')
  })
})
