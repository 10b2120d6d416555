/**
 * The environment every server the tests and the bench start runs with (the
 * end-to-end server, test/support/app-server.ts, bench/lib/env.ts): a production
 * build, its own PGlite folder, a known author account (the password is only for
 * tests), and nothing fetched or reported beyond this machine.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100)
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`
export const AUTHOR = {
  email: 'author@example.com',
  password: 'correct horse battery staple',
  // bcrypt of the password above at cost 4, the lowest: bcryptjs is plain
  // JavaScript, and each sign-in (and each refused one) of the suites costs a
  // compare. The cost is the hash's own; npm run hash-password makes cost 12.
  hash: '$2b$04$zs9cJnZTZ5ASssCCJmk2xu1PTYuKGJNBkdEAu0tH2EfamDOZxnBdy',
}
/** Port of e2e/link-checks.spec.ts's stand-in for readers' pages, on 127.0.0.1 only. */
export const E2E_STAND_IN_PORT = Number(process.env.E2E_STAND_IN_PORT ?? E2E_PORT + 10)
/** The test SMTP server e2e/notifications.spec.ts starts; the app is told to use it. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? E2E_PORT + 1)
export const E2E_NOTIFY_TO = 'author-inbox@example.test'
export const E2E_PGLITE_DIR = process.env.E2E_PGLITE_DIR ?? '.data/e2e-pglite'

export const serverEnv: Record<string, string> = {
  NODE_ENV: 'production',
  SITE_URL: E2E_BASE_URL,
  AUTH_SECRET: 'e2e-only-secret-0123456789abcdef0123456789abcdef',
  AUTH_TRUST_HOST: 'true',
  AUTHOR_EMAIL: AUTHOR.email,
  AUTHOR_PASSWORD_HASH: AUTHOR.hash,
  AUTHOR_NAME: 'Test Author',
  IP_HASH_SALT: 'e2e-only-salt',
  PGLITE_DIR: E2E_PGLITE_DIR,
  RATE_LIMIT_MAX: '5',
  RATE_LIMIT_WINDOW_SECONDS: '600',
  POSTGRES_URL: '',
  // The one internal target the server may fetch: the link-check spec's stand-in.
  // Nothing else is fetched, so the other specs' example.com links reach no one.
  OUTBOUND_ALLOW: `127.0.0.1:${E2E_STAND_IN_PORT}`,
  OUTBOUND_ALLOW_ONLY: 'true',
  // Otherwise Next reports usage to its telemetry service.
  NEXT_TELEMETRY_DISABLED: '1',
  // Only the notifications spec listens there; for the others a notification
  // fails to connect and waits in the outbox, which changes nothing they test.
  SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
  NOTIFY_EMAIL_TO: E2E_NOTIFY_TO,
  NOTIFY_EMAIL_FROM: 'Red Green Repeat <blog@example.test>',
  // Specs submit in parallel: no digest, so each submission gets its own email.
  NOTIFY_DIGEST_THRESHOLD: '10000',
}
