import { createHmac } from 'node:crypto'

export const SIGNATURE_HEADER = 'X-Signature-256'

/** `sha256=<hex>` of the exact body bytes, as the receiver recomputes it. */
export const signWebhookBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/**
 * POSTs one JSON event to the operator's own endpoint. The URL comes from the
 * operator's configuration, not from a reader, so it does not go through the
 * safe fetcher. Anything but a 2xx throws, and the outbox retries.
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
      [SIGNATURE_HEADER]: signWebhookBody(target.secret, body),
      'x-delivery-id': deliveryId,
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
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
