import { rm } from 'node:fs/promises'
import path from 'node:path'
import { baseEnv } from './env'
import { TMP } from './paths'
import { runOk } from './proc'

/**
 * A fresh PGlite folder, created and migrated by `npm run db:migrate` before any
 * server opens it, as a deployed site's database already exists: otherwise the
 * first request that reads the database would pay for creating it (seconds, and
 * hundreds of MiB).
 */
export async function freshPglite(name: string): Promise<string> {
  const dir = path.join(TMP, name)
  await rm(dir, { recursive: true, force: true })
  await rm(`${dir}.lock`, { force: true })
  await runOk('npm', ['run', 'db:migrate'], {
    env: baseEnv({ PGLITE_DIR: dir }),
    log: path.join(TMP, `migrate-${name}.log`),
  })
  return dir
}
