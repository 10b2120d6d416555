import { z } from 'zod'

/**
 * The one place that reads the configuration in process.env. Everything else
 * asks this module, so a misconfigured deployment fails with a message that
 * names the variable. Two reads stay outside on purpose: `process.env.NODE_ENV`
 * in lib/posts/index.ts (Next inlines it at build time, which keeps the MDX
 * compiler out of production bundles), and Auth.js's own AUTH_URL (below).
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    SITE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
    POSTS_DIR: z.string().min(1).default('posts'),

    POSTGRES_URL: optionalString,
    POSTGRES_WS_PROXY: optionalString,
    PGLITE_DIR: z.string().min(1).default('.data/pglite'),

    IP_HASH_SALT: optionalString,
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(10_000).default(5),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),

    /** How many proxies in front of the app append to X-Forwarded-For (see lib/http/client-address.ts). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    /** Set by Vercel on its builds and functions; there the client address is X-Real-IP. */
    VERCEL: optionalString,
    /** Set by Vercel: which kind of deployment this build or function belongs to. */
    VERCEL_ENV: z
      .enum(['production', 'preview', 'development'])
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /**
     * A preview build migrates only a database of its own: set this to true where
     * each preview gets its own database branch (Vercel's Neon integration). See
     * lib/db/migrate-policy.ts and docs/deploying.md.
     */
    MIGRATE_ON_PREVIEW: z.stringbool().default(false),

    SIGNIN_CLIENT_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
    SIGNIN_CLIENT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    SIGNIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
    SIGNIN_ACCOUNT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),

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

    /**
     * host:port targets the outbound fetcher may reach (and the URL policy accepts)
     * although they are loopback or private: for self-hosted intranets and tests.
     */
    OUTBOUND_ALLOW: z
      .string()
      .default('')
      .refine(
        (v) =>
          v
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean)
            .every((e) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/i.test(e)),
        'must be a comma-separated list of host:port (IPv6 in brackets)',
      ),
    /**
     * Fetch nothing but the OUTBOUND_ALLOW targets (no DNS lookup, no public
     * address): for test and bench servers, and closed networks.
     */
    OUTBOUND_ALLOW_ONLY: z.stringbool().default(false),
    /** Set to false to queue no link checks for new submissions (the bench's baseline). */
    LINK_CHECKS: z.stringbool().default(true),
    /**
     * Send Webmentions (lib/webmention/send): to a reader's page when the author
     * publishes or takes back their link, and to the links of the author's own
     * posts. false turns all of it off.
     */
    WEBMENTION_SEND: z.stringbool().default(true),
    /** At most this many mentions of the author's own posts' links go out per cron run. */
    WEBMENTION_POST_SENDS_PER_RUN: z.coerce.number().int().min(0).max(1_000).default(20),
    /** The scheduler's bearer token for /api/cron (Vercel Cron sends it); unset, the route refuses. */
    CRON_SECRET: optionalString,

    // Notifications (lib/notify): each channel is off until it is configured.
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    NOTIFY_EMAIL_TO: z
      .email()
      .optional()
      .or(z.literal('').transform(() => undefined)),
    NOTIFY_EMAIL_FROM: optionalString,
    NOTIFY_WEBHOOK_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    NOTIFY_WEBHOOK_SECRET: optionalString,
    NOTIFY_DIGEST_THRESHOLD: z.coerce.number().int().min(0).max(10_000).default(5),
    NOTIFY_DIGEST_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
  })
  .superRefine((v, ctx) => {
    // Half a channel is a mistake worth refusing to start for, not a silent "off".
    const need = (when: unknown, key: keyof typeof v, message: string) => {
      if (when && !v[key]) ctx.addIssue({ code: 'custom', path: [key], message })
    }
    need(v.SMTP_URL, 'NOTIFY_EMAIL_TO', 'required when SMTP_URL is set')
    need(v.SMTP_URL, 'NOTIFY_EMAIL_FROM', 'required when SMTP_URL is set')
    need(v.NOTIFY_EMAIL_TO, 'SMTP_URL', 'required when NOTIFY_EMAIL_TO is set')
    need(v.NOTIFY_WEBHOOK_URL, 'NOTIFY_WEBHOOK_SECRET', 'required when NOTIFY_WEBHOOK_URL is set')
    // A Standard Webhooks secret is `whsec_` + base64 of the key; any other text is the key itself.
    const hook = v.NOTIFY_WEBHOOK_SECRET
    const base64 = hook?.slice('whsec_'.length) ?? ''
    if (
      hook?.startsWith('whsec_') &&
      !(/^[A-Za-z0-9+/]+={0,2}$/.test(base64) && base64.length % 4 === 0)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_WEBHOOK_SECRET'],
        message: 'after whsec_ comes the key in base64 (a Standard Webhooks secret)',
      })
    }
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

/**
 * Auth.js builds its addresses (redirects, the OAuth callback) from AUTH_URL,
 * or else from the Host / X-Forwarded-Host the client sent. Outside development
 * pin it to SITE_URL, so no client-chosen host ever reaches a Location header.
 * The one write to process.env: Auth.js reads only from there.
 */
export function pinAuthUrlToSiteUrl(): void {
  if (env().NODE_ENV === 'development' || process.env.AUTH_URL) return
  process.env.AUTH_URL = siteUrl().origin
}
