import path from 'node:path'
import { NEXT_BIN, ROOT } from '../../test/support/paths'

export { NEXT_BIN, ROOT }

/** Scratch space for databases, generated posts and reports; never committed (.gitignore). */
export const TMP = path.join(ROOT, 'bench', '.tmp')
export const BUILD_DIR = path.join(ROOT, '.next')
export const RESULTS_FILE = path.join(ROOT, 'bench', 'results.md')
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium'

/**
 * The one fixed port: the Lighthouse server's, named by the run's SITE_URL (baked
 * into the build). Every other server of the run takes a free port.
 */
export const PORTS = {
  lighthouse: Number(process.env.BENCH_PORT ?? 3301),
} as const
