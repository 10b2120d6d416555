import nodemailer from 'nodemailer'
import type { OutgoingEmail } from './messages'

/**
 * Sends one message through SMTP_URL. Throws when the server is down or refuses,
 * so the outbox job fails and is retried later. Timeouts keep a hung server from
 * holding a serverless function (and the window lock) for minutes.
 */
export async function sendEmail(
  server: { smtpUrl: string; to: string; from: string },
  message: OutgoingEmail,
): Promise<void> {
  const transport = nodemailer.createTransport({
    url: server.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  })
  try {
    await transport.sendMail({
      from: server.from,
      to: server.to,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
    })
  } finally {
    transport.close()
  }
}

/** Development without SMTP: show the message instead of sending it. */
export function printEmail(message: OutgoingEmail): void {
  console.log(
    `\n[notify] email that would be sent (SMTP_URL is not set):\nSubject: ${message.subject}\nMessage-ID: ${message.messageId}\n\n${message.text}\n`,
  )
}
