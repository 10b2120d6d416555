import { fileURLToPath } from 'node:url'
import path from 'node:path'

/** The repository root (bench/lib/../..), whatever the working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Scratch space for databases, generated posts and reports; never committed (.gitignore). */
export const TMP = path.join(ROOT, 'bench', '.tmp')
export const BUILD_DIR = path.join(ROOT, '.next')
export const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')
export const RESULTS_FILE = path.join(ROOT, 'bench', 'results.md')
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium'

/** Fixed ports, all in the 3300–3399 range this suite may use. */
export const PORTS = {
  lighthouse: 3301,
  readingNext: 3310,
  readingStatic: 3311,
  submitPgliteNext: 3320,
  submitPgliteBase: 3321,
  submitPostgresNext: 3322,
  submitPostgresBase: 3323,
  pgWsProxy: 3324,
  moderation: 3330,
  jsWeight: 3340,
} as const
