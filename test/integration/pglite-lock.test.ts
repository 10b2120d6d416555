import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FolderLockedError, lockFolder } from '@/lib/db/folder-lock'
import { openPglite } from '@/lib/db/pglite'
import type { DatabaseHandle } from '@/lib/db'
import { copyMigratedPglite } from '../support/databases'
import { queryRows } from '../support/test-databases'

const run = promisify(execFile)
const projectRoot = path.resolve(import.meta.dirname, '../..')

/** A script for another process: tries the lock (and PGlite) on a folder and reports as JSON. */
const CHILD = `
import { lockFolder } from ${JSON.stringify(pathToFileURL(path.join(projectRoot, 'lib/db/folder-lock.ts')).href)}
import { openPglite } from ${JSON.stringify(pathToFileURL(path.join(projectRoot, 'lib/db/pglite.ts')).href)}
const folder = process.argv[2]
const report = {}
const started = performance.now()
try {
  const lock = lockFolder(folder)
  report.lock = { ok: true, file: lock.file }
  // Keeps the lock until exit, to show it is released then.
} catch (error) {
  report.lock = { ok: false, ms: performance.now() - started, name: error.name, message: error.message, holderPid: error.holderPid }
}
if (!report.lock.ok) {
  try {
    const handle = await openPglite(folder)
    await handle.close()
    report.open = { ok: true }
  } catch (error) {
    report.open = { ok: false, name: error.name, message: error.message }
  }
}
console.log(JSON.stringify(report))
`

type ChildReport = {
  lock:
    | { ok: true; file: string }
    | { ok: false; ms: number; name: string; message: string; holderPid: number }
  open?: { ok: boolean; name?: string; message?: string }
}

/** A process id that no running process has. */
function deadPid(): number {
  for (let pid = 999_999; ; pid++) {
    try {
      process.kill(pid, 0)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid
    }
  }
}

describe('PGlite folder lock', () => {
  let tmp: string
  let folder: string
  let childScript: string
  let handle: DatabaseHandle | undefined

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rgr-lock-'))
    folder = path.join(tmp, 'pglite')
    childScript = path.join(tmp, 'try-lock.mts')
    writeFileSync(childScript, CHILD)
    handle = undefined
  })
  afterEach(async () => {
    await handle?.close()
    rmSync(tmp, { recursive: true, force: true })
  })

  async function childTries(): Promise<ChildReport> {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', childScript, folder], {
      cwd: projectRoot,
      timeout: 30_000,
    })
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport
  }

  const lockFile = () => `${folder}.lock`
  const lockHolder = () => (JSON.parse(readFileSync(lockFile(), 'utf8')) as { pid: number }).pid

  it('refuses a second process at once, naming the folder and the holder, until released', async () => {
    // A migrated folder to start from: migrating a new one is tested everywhere else.
    await copyMigratedPglite(folder)
    handle = await openPglite(folder)
    await handle.db.execute(sql`insert into rate_limit_hits (ip_hash) values ('kept')`)
    expect(lockHolder()).toBe(process.pid)

    const refused = await childTries()
    expect(refused.lock.ok).toBe(false)
    if (refused.lock.ok) return
    expect(refused.lock.name).toBe('FolderLockedError')
    expect(refused.lock.holderPid).toBe(process.pid)
    expect(refused.lock.message).toContain(`The PGlite data folder ${folder} is in use`)
    expect(refused.lock.message).toContain(`by process ${process.pid}`)
    expect(refused.lock.message).toContain('PGLITE_DIR')
    expect(refused.lock.ms).toBeLessThan(1_000) // at once: no waiting for the holder
    // Opening the database takes the same lock first, so it is refused the same way.
    expect(refused.open).toMatchObject({ ok: false, name: 'FolderLockedError' })
    expect(refused.open?.message).toContain(folder)

    // The refused attempts left our lock, and our database, alone.
    expect(lockHolder()).toBe(process.pid)
    const rows = await queryRows<{ ip_hash: string }>(
      handle.db,
      sql`select ip_hash from rate_limit_hits`,
    )
    expect(rows).toEqual([{ ip_hash: 'kept' }])

    await handle.close()
    handle = undefined
    expect(existsSync(lockFile())).toBe(false)

    // Now another process gets it, and gives it back when it exits.
    const granted = await childTries()
    expect(granted.lock).toEqual({ ok: true, file: lockFile() })
    expect(existsSync(lockFile())).toBe(false)

    // The data outlived the process that wrote it.
    handle = await openPglite(folder)
    expect(await queryRows(handle.db, sql`select ip_hash from rate_limit_hits`)).toEqual([
      { ip_hash: 'kept' },
    ])
  })

  it('takes over a stale lock whose process is dead, and removes it on release', () => {
    const ghost = deadPid()
    writeFileSync(lockFile(), JSON.stringify({ pid: ghost, command: 'next dev' }))

    const lock = lockFolder(folder)
    expect(lock.file).toBe(lockFile())
    expect(lockHolder()).toBe(process.pid)

    lock.release()
    expect(existsSync(lockFile())).toBe(false)
    lock.release() // twice is harmless
    expect(existsSync(lockFile())).toBe(false)
  })

  it('takes over an unreadable lock file', () => {
    writeFileSync(lockFile(), '')
    const lock = lockFolder(folder)
    expect(lockHolder()).toBe(process.pid)
    lock.release()
    expect(existsSync(lockFile())).toBe(false)
  })

  it('refuses a live holder in this process too, via the same error class', async () => {
    // A live process other than us: the parent of this test worker.
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, command: 'vitest' }))
    expect(() => lockFolder(folder)).toThrow(FolderLockedError)
    try {
      lockFolder(folder)
    } catch (error) {
      expect(error).toMatchObject({ folder, holderPid: process.ppid, holderCommand: 'vitest' })
    }
    expect(lockHolder()).toBe(process.ppid)
  })

  it('release() leaves alone a lock that is no longer ours', () => {
    const lock = lockFolder(folder)
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, command: 'someone else' }))
    lock.release()
    expect(lockHolder()).toBe(process.ppid)
  })
})
