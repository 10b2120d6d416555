import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import path from 'node:path'

/**
 * An exclusive lock on a PGlite data folder. PGlite has no locking of its own:
 * two processes on one folder both open it and silently lose rows. The lock is a
 * file created with O_EXCL beside the folder, holding the owner's pid; a lock
 * whose process has died is taken over.
 */
export class FolderLockedError extends Error {
  constructor(
    readonly folder: string,
    readonly holderPid: number,
    readonly holderCommand: string,
  ) {
    super(
      `The PGlite data folder ${folder} is in use by process ${holderPid} (${holderCommand}). ` +
        'PGlite allows one process per folder: stop that process, or point PGLITE_DIR at another folder.',
    )
    this.name = 'FolderLockedError'
  }
}

type LockInfo = { pid: number; command: string }

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo
  } catch {
    return undefined
  }
}

export type FolderLock = { file: string; release(): void }

export function lockFolder(folder: string): FolderLock {
  const resolved = path.resolve(folder)
  mkdirSync(path.dirname(resolved), { recursive: true })
  const file = `${resolved}.lock`
  const me: LockInfo = { pid: process.pid, command: process.argv.slice(1, 3).join(' ') }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        if (readLock(file)?.pid === process.pid) unlinkSync(file)
      }
      process.on('exit', release)
      return { file, release }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readLock(file)
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new FolderLockedError(resolved, holder.pid, holder.command)
      }
      // Stale (its process is gone), unreadable, or our own from before a reload.
      try {
        unlinkSync(file)
      } catch {
        // Another process removed it first; try again.
      }
    }
  }
  throw new Error(`Could not take the lock ${file}`)
}
