import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void

/**
 * A real HTTP server on loopback standing in for a reader's page. Routes by path;
 * unknown paths answer 404. Tests reach it through OUTBOUND_ALLOW.
 */
export type StandIn = {
  port: number
  origin: string
  /** 127.0.0.1:port, the OUTBOUND_ALLOW entry for this server. */
  target: string
  routes: Map<string, Route>
  /** Paths requested so far, in order (with the User-Agent each sent). */
  hits: { path: string; userAgent: string | undefined }[]
  close(): Promise<void>
}

export async function startStandIn(
  routes: Record<string, Route> = {},
  { host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {},
): Promise<StandIn> {
  const table = new Map(Object.entries(routes))
  const hits: StandIn['hits'] = []
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    hits.push({ path, userAgent: req.headers['user-agent'] })
    const route = table.get(path)
    if (route) return route(req, res)
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const actual = (server.address() as AddressInfo).port
  return {
    port: actual,
    origin: `http://${host}:${actual}`,
    target: `${host}:${actual}`,
    routes: table,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export const html =
  (body: string, status = 200, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body)
  }

export const redirect =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.writeHead(status, { location }).end()
  }
