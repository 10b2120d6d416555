import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/**
 * Real peers for the notification tests, on loopback only: an SMTP server
 * (smtp-server, the same protocol nodemailer speaks in production) and an HTTP
 * webhook receiver. Ports come from TEST_NOTIFY_PORT (a base, default 4410) and
 * the next free ones after it, so parallel test files do not collide.
 */
const BASE_PORT = Number(process.env.TEST_NOTIFY_PORT ?? 4410)
const HOST = '127.0.0.1'

async function listenFrom(listen: (port: number) => Promise<void>, tries = 40): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const port = BASE_PORT + i
    try {
      await listen(port)
      return port
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    }
  }
  throw new Error(`no free port in ${BASE_PORT}-${BASE_PORT + tries - 1}`)
}

export type ReceivedMail = ParsedMail & { raw: string }

export type MessageGate = {
  arrived: Promise<ReceivedMail>
  release(): void
}

export type TestSmtp = {
  port: number
  url: string
  mails: ReceivedMail[]
  /**
   * A server stuck mid-send, under the test's control: the next message that
   * arrives is held (its DATA is not answered) until the test calls release().
   * `arrived` resolves once it is in, so the test knows the sender is waiting
   * on it; nothing depends on how long anything takes.
   */
  holdNext(): MessageGate
  /** Lets every held message through (a test that failed midway must not leave a sender hanging). */
  releaseAll(): void
  /** Stops listening (the "SMTP is down" case); start() listens on the same port again. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

/** `port`: exactly this one (end-to-end, where the server was told it); else the first free. */
export async function startSmtp(port?: number): Promise<TestSmtp> {
  const mails: ReceivedMail[] = []
  /** Gates waiting for a message, in order; and those holding one. */
  const waiting: Array<{ arrive(mail: ReceivedMail): void; opened: Promise<void> }> = []
  const holding = new Set<() => void>()
  const holdNext = (): MessageGate => {
    let arrive!: (mail: ReceivedMail) => void
    let release!: () => void
    const arrived = new Promise<ReceivedMail>((resolve) => (arrive = resolve))
    const opened = new Promise<void>((resolve) => (release = resolve))
    holding.add(release)
    waiting.push({ arrive, opened })
    return {
      arrived,
      release: () => {
        holding.delete(release)
        release()
      },
    }
  }
  const make = () =>
    new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      // No reverse DNS of the client: no lookup leaves the machine, and no
      // 1.5 s lookup timer races a busy machine before the greeting.
      disableReverseLookup: true,
      logger: false,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username })
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          simpleParser(raw)
            .then(async (parsed) => {
              const mail = Object.assign(parsed, { raw })
              const gate = waiting.shift()
              if (gate) {
                gate.arrive(mail)
                await gate.opened
              }
              mails.push(mail)
              callback()
            })
            .catch(callback)
        })
      },
    })
  let server = make()
  const listenOn = (s: SMTPServer, port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error)
      s.server.once('error', onError)
      s.listen(port, HOST, () => {
        s.server.off('error', onError)
        resolve()
      })
    })
  const listen = async (p: number) => {
    server = make()
    await listenOn(server, p)
  }
  const bound = port ?? (await listenFrom(listen))
  if (port !== undefined) await listen(port)
  let running = true
  const stop = async () => {
    if (!running) return
    running = false
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return {
    port: bound,
    url: `smtp://notify:secret@${HOST}:${bound}`,
    mails,
    holdNext,
    releaseAll: () => {
      waiting.length = 0
      for (const release of holding) release()
      holding.clear()
    },
    stop,
    start: async () => {
      if (running) return
      server = make()
      await listenOn(server, bound)
      running = true
    },
    close: stop,
  }
}

export type ReceivedHook = { headers: Record<string, string | string[] | undefined>; body: string }

export type TestWebhook = {
  url: string
  /** The deliveries it accepted. */
  hooks: ReceivedHook[]
  /** Every request that reached it, accepted or not, in order. */
  requests: ReceivedHook[]
  /** The status the receiver answers with (200 unless a test says otherwise). */
  status: number
  /**
   * A receiver's own check of a delivery (e.g. Standard Webhooks' Webhook.verify):
   * when set and it fails, the receiver answers 401 and does not accept it.
   */
  verify?: (hook: ReceivedHook) => boolean
  close(): Promise<void>
}

export async function startWebhookReceiver(): Promise<TestWebhook> {
  const state: TestWebhook = {
    url: '',
    hooks: [],
    requests: [],
    status: 200,
    close: async () => undefined,
  }
  let server: Server = createServer()
  const port = await listenFrom(
    (p) =>
      new Promise<void>((resolve, reject) => {
        server = createServer((req, res) => {
          const chunks: Buffer[] = []
          req.on('data', (c: Buffer) => chunks.push(c))
          req.on('end', () => {
            const hook = { headers: req.headers, body: Buffer.concat(chunks).toString() }
            state.requests.push(hook)
            const status = state.verify && !state.verify(hook) ? 401 : state.status
            if (status < 300) state.hooks.push(hook)
            // One connection per delivery: an idle keep-alive socket that the
            // server closes just as the client reuses it ("other side closed")
            // would fail a delivery depending on timing, which a busy machine hits.
            res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end('ok')
          })
        })
        server.once('error', reject)
        server.listen(p, HOST, () => resolve())
      }),
  )
  state.url = `http://${HOST}:${(server.address() as AddressInfo).port || port}/hooks/notify`
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return state
}
