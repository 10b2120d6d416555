import path from 'node:path'
import { serverEnv } from '../../test/support/server-env'
import { PORTS } from './paths'

/**
 * The site's address for the build and every server of the run, as a deployment
 * builds and serves with one SITE_URL: it is baked into prerendered pages
 * (canonical links), so a server with another SITE_URL would contradict them.
 * It names the Lighthouse server, the one place the address is looked at.
 */
export const SITE_URL = `http://localhost:${PORTS.lighthouse}`

/** Variables that would change what the app talks to if the caller's shell had them set. */
const APP_KEYS = [
  'POSTGRES_URL',
  'POSTGRES_WS_PROXY',
  'PGLITE_DIR',
  'POSTS_DIR',
  'SITE_URL',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_SECONDS',
  'AUTH_GITHUB_ID',
  'AUTH_GITHUB_SECRET',
  'AUTHOR_GITHUB_USER_ID',
]

/** The calling environment without app settings, plus the run's SITE_URL and no telemetry. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const key of APP_KEYS) delete env[key]
  env.SITE_URL = SITE_URL
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

/**
 * The production server's environment, as the end-to-end suite configures it
 * (test/support/server-env.ts: AUTH_SECRET, AUTH_TRUST_HOST, the known author account…), with the
 * run's SITE_URL and the given database.
 */
export function appEnv(options: {
  pgliteDir: string
  postgresUrl?: string
  postgresWsProxy?: string
  extra?: Record<string, string>
}): NodeJS.ProcessEnv {
  const { POSTGRES_URL, ...e2e } = serverEnv
  return baseEnv({
    ...e2e,
    NODE_ENV: 'production',
    SITE_URL,
    PGLITE_DIR: path.resolve(options.pgliteDir),
    POSTGRES_URL: options.postgresUrl,
    POSTGRES_WS_PROXY: options.postgresWsProxy,
    ...options.extra,
    // Whatever a section adds, the server stays on this machine.
    OUTBOUND_ALLOW_ONLY: 'true',
  })
}
