import { env } from '../env'

export type NotifyConfig = {
  email?: { smtpUrl: string; to: string; from: string }
  webhook?: { url: string; secret: string }
  /** Development with a channel unconfigured: print what would be sent instead. */
  console: boolean
  digest: { threshold: number; windowMs: number }
}

/** What is configured, read from env (lib/env.ts refuses half a channel). */
export function notifyConfig(): NotifyConfig {
  const e = env()
  return {
    email:
      e.SMTP_URL && e.NOTIFY_EMAIL_TO && e.NOTIFY_EMAIL_FROM
        ? { smtpUrl: e.SMTP_URL, to: e.NOTIFY_EMAIL_TO, from: e.NOTIFY_EMAIL_FROM }
        : undefined,
    webhook:
      e.NOTIFY_WEBHOOK_URL && e.NOTIFY_WEBHOOK_SECRET
        ? { url: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET }
        : undefined,
    console: e.NODE_ENV === 'development',
    digest: {
      threshold: e.NOTIFY_DIGEST_THRESHOLD,
      windowMs: e.NOTIFY_DIGEST_WINDOW_MINUTES * 60_000,
    },
  }
}

/** Whether email jobs are worth enqueueing: a server, or the development console. */
export const emailEnabled = (c: NotifyConfig): boolean => Boolean(c.email) || c.console
export const webhookEnabled = (c: NotifyConfig): boolean => Boolean(c.webhook) || c.console

/**
 * The secret one-click links are signed with: AUTH_SECRET, or in development the
 * same stand-in auth.ts uses. Without it no links are made and every one is refused.
 */
export function oneClickSecret(): string | undefined {
  const e = env()
  return (
    e.AUTH_SECRET ??
    (e.NODE_ENV === 'development' ? 'development-only-secret-not-for-production' : undefined)
  )
}
