import { z } from 'zod'

/**
 * The one place that reads process.env. Everything else asks this module, so a
 * misconfigured deployment fails with a message that names the variable.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  SITE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  POSTS_DIR: z.string().min(1).default('posts'),

  POSTGRES_URL: optionalString,
  POSTGRES_WS_PROXY: optionalString,
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),

  IP_HASH_SALT: optionalString,
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(10_000).default(5),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),

  AUTH_SECRET: optionalString,
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTHOR_GITHUB_USER_ID: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be the numeric GitHub user id, not a login')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  AUTHOR_EMAIL: optionalString,
  AUTHOR_PASSWORD_HASH: optionalString,
  AUTHOR_NAME: optionalString,

  /** The scheduler's bearer token for /api/cron (Vercel Cron sends it); unset, the route refuses. */
  CRON_SECRET: optionalString,
})

export type Env = z.infer<typeof schema>

let cached: Env | undefined

export function env(): Env {
  if (cached) return cached
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  cached = parsed.data
  return cached
}

/** Tests change process.env between cases; they call this to re-read it. */
export function resetEnvForTests(): void {
  cached = undefined
}

export const isProduction = (): boolean => env().NODE_ENV === 'production'

/**
 * The secret salt for client-IP hashes. AUTH_SECRET serves when IP_HASH_SALT is
 * not set; production refuses to run without either rather than use a known salt.
 */
export function ipHashSalt(): string {
  const { IP_HASH_SALT, AUTH_SECRET, NODE_ENV } = env()
  const salt = IP_HASH_SALT ?? AUTH_SECRET
  if (salt) return salt
  if (NODE_ENV === 'production') {
    throw new Error('Set IP_HASH_SALT (or AUTH_SECRET): client IPs are hashed with it.')
  }
  return 'development-only-ip-salt'
}

export function siteUrl(): URL {
  return new URL(env().SITE_URL)
}
