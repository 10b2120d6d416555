/**
 * Reads what `vercel build` wrote to .vercel/output (Build Output API v3):
 * which route a request takes, whether the middleware runs for it, whether a
 * function or the CDN answers it, and what each function ships.
 */
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

const ROOT = path.resolve(import.meta.dirname, '../..')
const MB = 1024 * 1024

type Condition = { type: string; key?: string; value?: string }
export type Route = {
  src?: string
  dest?: string
  status?: number
  handle?: string
  has?: Condition[]
  missing?: Condition[]
  middlewarePath?: string
  continue?: boolean
}
export type OutputConfig = { version: number; routes: Route[] }

export type Output = { dir: string; config: OutputConfig; projectDir: string }

export function readOutput(projectDir: string): Output {
  const dir = path.join(projectDir, '.vercel', 'output')
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as OutputConfig
  return { dir, config, projectDir }
}

/** A plain page view: what a browser sends for a GET, no body, no cookies. */
export const PAGE_VIEW: Record<string, string> = {
  host: 'example.com',
  accept: 'text/html,application/xhtml+xml',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
}

const anchored = (src: string) =>
  new RegExp(`${src.startsWith('^') ? '' : '^'}${src}${src.endsWith('$') ? '' : '$'}`)

/** The value of one cookie in a Cookie header, or undefined. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=')
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}

function holds(condition: Condition, headers: Record<string, string>): boolean {
  if (!condition.key || (condition.type !== 'header' && condition.type !== 'cookie')) return false
  const value =
    condition.type === 'cookie'
      ? cookieValue(headers.cookie, condition.key)
      : headers[condition.key.toLowerCase()]
  if (value === undefined) return false
  return condition.value === undefined || anchored(condition.value).test(value)
}

export function routeMatches(route: Route, pathname: string, headers: Record<string, string>) {
  if (!route.src || !anchored(route.src).test(pathname)) return false
  if (route.has && !route.has.every((c) => holds(c, headers))) return false
  if (route.missing && route.missing.some((c) => holds(c, headers))) return false
  return true
}

/** The middleware routes a request matches (none means the proxy does not run). */
export function middlewareRoutes(output: Output, pathname: string, headers = PAGE_VIEW): Route[] {
  return output.config.routes.filter(
    (route) => route.middlewarePath !== undefined && routeMatches(route, pathname, headers),
  )
}

export type Answer =
  | { by: 'cdn'; output: string }
  | { by: 'function'; output: string }
  | { by: 'status'; status: number }

type PrerenderConfig = {
  prerenderClassification?: { response?: string; compute?: string }
  fallback?: unknown
}

/** Who answers `output` (a path in the output, without query) if it exists. */
function answerFor(output: Output, target: string): Answer | undefined {
  const name = target === '/' ? 'index' : target.replace(/^\//, '')
  const functions = path.join(output.dir, 'functions')
  const prerender = path.join(functions, `${name}.prerender-config.json`)
  if (existsSync(prerender)) {
    const config = JSON.parse(readFileSync(prerender, 'utf8')) as PrerenderConfig
    const c = config.prerenderClassification
    // A complete prerender whose compute is static is served whole from the CDN.
    const fromCdn = Boolean(config.fallback) && c?.response === 'complete' && c.compute === 'static'
    return { by: fromCdn ? 'cdn' : 'function', output: name }
  }
  if (existsSync(path.join(functions, `${name}.func`))) return { by: 'function', output: name }
  const file = path.join(output.dir, 'static', name)
  if (existsSync(file) && statSync(file).isFile()) return { by: 'cdn', output: name }
  return undefined
}

/**
 * Follows config.json's routes for a request the way the platform does, in
 * its phases: routes before `filesystem`, then the filesystem, then the
 * `rewrite` phase (dynamic routes), then `error` (404). Enough of the routing
 * rules for the routes Next emits.
 */
export function resolve(output: Output, pathname: string, headers = PAGE_VIEW): Answer {
  const routes = output.config.routes
  let current = pathname
  const inPhase = (name: string | undefined) => routes.filter((_, i) => phaseAt(routes, i) === name)
  for (const route of inPhase(undefined)) {
    if (route.middlewarePath !== undefined || !routeMatches(route, current, headers)) continue
    if (route.dest) current = route.dest.split('?')[0]!.replace(/\$(\w+)/g, '')
    if (route.status && route.status >= 300 && !route.dest)
      return { by: 'status', status: route.status }
    if (route.continue !== true) break
  }
  const direct = answerFor(output, current)
  if (direct) return direct
  for (const route of inPhase('rewrite')) {
    const match = route.src && anchored(route.src).exec(current)
    if (!match || !routeMatches(route, current, headers) || !route.dest) continue
    const target = route.dest.split('?')[0]!
    const found = answerFor(output, target)
    if (found) return found
  }
  return { by: 'status', status: 404 }
}

function phaseAt(routes: Route[], index: number): string | undefined {
  let phase: string | undefined
  for (let i = 0; i <= index; i++) if (routes[i]?.handle) phase = routes[i]!.handle
  return routes[index]?.handle ? '(handle)' : phase
}

export type FunctionInfo = {
  /** The output paths that share this function. */
  names: string[]
  bytes: number
  /** Every file the function ships, relative to the project. */
  files: string[]
}

/** Each distinct function (outputs symlink to a few shared ones) with its unzipped size. */
export function functions(output: Output): FunctionInfo[] {
  const byTarget = new Map<string, FunctionInfo>()
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      const name = prefix + entry.name
      if (entry.name.endsWith('.func')) {
        const target = realpathSync(full)
        const known = byTarget.get(target)
        if (known) known.names.push(name)
        else byTarget.set(target, { names: [name], ...contents(output, target) })
      } else if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(full).isDirectory())) {
        walk(full, `${name}/`)
      }
    }
  }
  walk(path.join(output.dir, 'functions'), '')
  return [...byTarget.values()].sort((a, b) => b.bytes - a.bytes)
}

function contents(output: Output, funcDir: string): { bytes: number; files: string[] } {
  const config = JSON.parse(readFileSync(path.join(funcDir, '.vc-config.json'), 'utf8')) as {
    filePathMap?: Record<string, string>
  }
  let bytes = 0
  const files: string[] = []
  for (const [inFunction, source] of Object.entries(config.filePathMap ?? {})) {
    const file = path.resolve(output.projectDir, source)
    files.push(inFunction)
    try {
      bytes += statSync(file).size
    } catch {
      // A dangling link in the trace ships nothing.
    }
  }
  const own = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) own(full)
      else if (entry.isFile()) bytes += statSync(full).size
    }
  }
  own(funcDir)
  return { bytes, files }
}

/** vitest sets NODE_ENV=test, which `next build` must not inherit. */
function withoutNodeEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const { NODE_ENV: _, ...rest } = env
  return rest
}

export type VercelBuildOptions = {
  /** Baked into prerendered pages (default: a made-up public address). */
  siteUrl?: string
  /**
   * Skip `next build`'s own TypeScript pass (NEXT_SKIP_TYPECHECK, next.config.mjs):
   * only where `tsc --noEmit` has just checked the same tree (scripts/test-all.sh).
   */
  skipTypeCheck?: boolean
}

/**
 * Writes .vercel/project.json (no Vercel account needed) and runs `vercel build`,
 * which runs `npm run build`: .next serves `next start` as well, so
 * scripts/test-all.sh builds once, here, for the end-to-end suite and this check.
 */
export async function vercelBuild(options: VercelBuildOptions = {}): Promise<void> {
  mkdirSync(path.join(ROOT, '.vercel'), { recursive: true })
  writeFileSync(
    path.join(ROOT, '.vercel', 'project.json'),
    JSON.stringify({
      projectId: 'prj_local_build',
      orgId: 'team_local_build',
      settings: {
        framework: 'nextjs',
        // The dependencies are installed already; and the deployed build's
        // migration step (vercel-build) needs a database this build must not need.
        installCommand: '',
        buildCommand: 'npm run build',
      },
    }),
  )
  await promisify(execFile)(
    process.execPath,
    ['node_modules/vercel/dist/vc.js', 'build', '--yes'],
    {
      cwd: ROOT,
      maxBuffer: 64 * MB,
      env: {
        ...withoutNodeEnv(process.env),
        NEXT_TELEMETRY_DISABLED: '1',
        VERCEL_TELEMETRY_DISABLED: '1',
        SITE_URL: options.siteUrl ?? 'https://redgreenrepeat.example',
        POSTGRES_URL: 'postgres://nobody:nothing@localhost:9/none',
        NEXT_SKIP_TYPECHECK: options.skipTypeCheck ? '1' : undefined,
      } as unknown as NodeJS.ProcessEnv,
    },
  )
}
