import nodemailer from 'nodemailer'
import type { OutgoingEmail } from './messages'

/**
 * How long one message may take: to connect, to be greeted, silence in between,
 * and in all (a server that answers every step slowly adds up). All of them stay
 * well below the outbox lease (lib/outbox/queue.ts OUTBOX_TIMEOUTS), which the
 * drain renews while the job runs anyway.
 */
export const EMAIL_TIMEOUTS = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 20_000,
  totalMs: 60_000,
} as const

/**
 * Sends one message through SMTP_URL. Throws when the server is down, refuses or
 * is too slow, so the outbox job fails and is retried later. The timeouts keep a
 * hung server from holding a serverless function (and the window lock) for minutes.
 */
export async function sendEmail(
  server: { smtpUrl: string; to: string; from: string },
  message: OutgoingEmail,
  timeouts: typeof EMAIL_TIMEOUTS = EMAIL_TIMEOUTS,
): Promise<void> {
  const transport = nodemailer.createTransport({
    url: server.smtpUrl,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  })
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      transport.sendMail({
        from: server.from,
        to: server.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      }),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`SMTP took longer than ${timeouts.totalMs} ms`)),
          timeouts.totalMs,
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
    // Also ends a send the deadline cut short.
    transport.close()
  }
}

/** Development without SMTP: show the message instead of sending it. */
export function printEmail(message: OutgoingEmail): void {
  console.log(
    `\n[notify] email that would be sent (SMTP_URL is not set):\nSubject: ${message.subject}\nMessage-ID: ${message.messageId}\n\n${message.text}\n`,
  )
}
