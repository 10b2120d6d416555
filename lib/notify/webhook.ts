import { createHmac } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

export const SIGNATURE_HEADER = 'X-Signature-256'

/** A webhook POST gives up after this long; far below the outbox lease (lib/outbox/queue.ts). */
export const WEBHOOK_TIMEOUT_MS = 10_000

const STANDARD_PREFIX = 'whsec_'

/** `sha256=<hex>` of the exact body bytes, as the receiver recomputes it. */
export const signWebhookBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/**
 * The NOTIFY_WEBHOOK_SECRET as a Standard Webhooks secret (`whsec_` + base64 of
 * the key bytes), which is what a receiver passes to `new Webhook(...)`:
 * - a secret that already starts with `whsec_` is one, and is used as it is;
 * - any other secret's UTF-8 bytes are the key, so an existing secret keeps
 *   working: the receiver uses `whsec_` + base64(secret).
 * X-Signature-256 is always keyed with the secret text exactly as configured.
 */
export function standardWebhookSecret(secret: string): string {
  return secret.startsWith(STANDARD_PREFIX)
    ? secret
    : `${STANDARD_PREFIX}${Buffer.from(secret, 'utf8').toString('base64')}`
}

/**
 * The headers of one delivery. `webhook-id` names the notification (the same on
 * every retry, so a receiver can drop a repeat), `webhook-timestamp` is this
 * attempt's time (receivers refuse old ones, which stops replays), and
 * `webhook-signature` signs id, timestamp and body together (Standard Webhooks).
 */
export function webhookHeaders(
  secret: string,
  body: string,
  webhookId: string,
  now = new Date(),
): Record<string, string> {
  const signer = new Webhook(standardWebhookSecret(secret))
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signer.sign(webhookId, now, body),
    [SIGNATURE_HEADER]: signWebhookBody(secret, body),
  }
}

/**
 * POSTs one JSON event to the operator's own endpoint. The URL comes from the
 * operator's configuration, not from a reader, so it does not go through the
 * safe fetcher. Anything but a 2xx throws, and the outbox retries with the same
 * `deliveryId` (it is the webhook-id).
 */
export async function deliverWebhook(
  target: { url: string; secret: string },
  payload: Record<string, unknown>,
  deliveryId: string,
): Promise<void> {
  const body = JSON.stringify(payload)
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'red-green-repeat-notify/1',
      ...webhookHeaders(target.secret, body, deliveryId),
      'x-delivery-id': deliveryId,
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  })
  // Drain the body so the connection can be reused or closed cleanly.
  await response.arrayBuffer().catch(() => undefined)
  if (!response.ok) throw new Error(`webhook answered ${response.status}`)
}

export function printWebhook(payload: Record<string, unknown>): void {
  console.log(
    `\n[notify] webhook that would be sent (NOTIFY_WEBHOOK_URL is not set):\n${JSON.stringify(payload, null, 2)}\n`,
  )
}
