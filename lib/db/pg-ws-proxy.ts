import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { createStatementCounter } from './pg-statement-counter'

export type PgWsProxy = { port: number; close(): Promise<void> }

/**
 * A WebSocket-to-TCP bridge in the form the Neon driver expects
 * (ws://host/v1?address=db-host:db-port). Only the listed targets are reachable,
 * so it can never be used as an open relay.
 */
export function startPgWsProxy(options: {
  port?: number
  host?: string
  allowedTargets: string[]
  /** Called for each statement a client sends (for tests and the benchmark). */
  onStatement?: () => void
}): Promise<PgWsProxy> {
  const allowed = new Set(options.allowedTargets)
  const sockets = new Set<net.Socket>()
  const wss = new WebSocketServer({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' })

  wss.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '/', 'http://proxy').searchParams.get('address') ?? ''
    if (!allowed.has(address)) {
      ws.close(1008, 'target not allowed')
      return
    }
    const [host, port] = [
      address.slice(0, address.lastIndexOf(':')),
      address.slice(address.lastIndexOf(':') + 1),
    ]
    const tcp = net.connect({ host, port: Number(port) })
    sockets.add(tcp)
    const pending: Buffer[] = []
    const count = options.onStatement && createStatementCounter(options.onStatement)
    tcp.on('connect', () => {
      for (const chunk of pending) tcp.write(chunk)
      pending.length = 0
    })
    ws.on('message', (data: Buffer) => {
      count?.(data)
      if (tcp.connecting) pending.push(data)
      else tcp.write(data)
    })
    tcp.on('data', (data) => ws.send(data))
    const end = () => {
      sockets.delete(tcp)
      tcp.destroy()
      ws.terminate()
    }
    tcp.on('close', end)
    tcp.on('error', end)
    ws.on('close', end)
    ws.on('error', end)
  })

  return new Promise((resolve, reject) => {
    wss.once('error', reject)
    wss.once('listening', () => {
      resolve({
        port: (wss.address() as AddressInfo).port,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy()
            for (const client of wss.clients) client.terminate()
            wss.close(() => done())
          }),
      })
    })
  })
}
