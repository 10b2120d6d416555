/**
 * HTTP with full control of the method, headers and bytes, for the specs that
 * send what a browser would not (fetch fixes up the Host header and refuses a
 * broken body), and the ids the build gave the server actions.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { ROOT } from './paths'

export type RawResponse = {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  /** A network error (e.g. ECONNRESET) when no complete answer came. */
  error?: string
}

export type RawRequest = {
  port: number
  method: string
  path: string
  headers?: Record<string, string>
  /** Sent with a Content-Length, in 64 KB writes. */
  body?: Buffer
  /** Sent as they are with Transfer-Encoding: chunked (no Content-Length). */
  chunks?: Buffer[]
}

/**
 * One request to 127.0.0.1 (Host: localhost:port unless given). Writing stops as
 * soon as the server answers, as a browser does; a network error is an answer
 * with status 0 and `error` set, never a rejection.
 */
export function rawRequest(r: RawRequest): Promise<RawResponse> {
  const pieces = r.chunks ?? split(r.body ?? Buffer.alloc(0), 64 * 1024)
  return new Promise((resolve) => {
    let done = false
    let answered = false
    const finish = (response: RawResponse) => {
      if (done) return
      done = true
      request.destroy()
      resolve(response)
    }
    const request = http.request({
      host: '127.0.0.1',
      port: r.port,
      path: r.path,
      method: r.method,
      agent: false,
      headers: {
        host: `localhost:${r.port}`,
        ...(r.body ? { 'content-length': String(r.body.length) } : {}),
        ...(r.chunks ? { 'transfer-encoding': 'chunked' } : {}),
        ...r.headers,
      },
    })
    request.setTimeout(60_000, () => request.destroy(new Error('no answer in 60 s')))
    request.on('response', (response) => {
      answered = true
      const parts: Buffer[] = []
      response.on('data', (chunk: Buffer) => parts.push(chunk))
      const end = (error?: Error) =>
        finish({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(parts).toString('utf8'),
          error: error?.message,
        })
      response.on('end', () => end())
      response.on('error', end)
    })
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: 0, headers: {}, body: '', error: error.code ?? error.message }),
    )
    let i = 0
    const pump = () => {
      while (i < pieces.length && !answered && !done) {
        if (!request.write(pieces[i++] as Buffer)) {
          request.once('drain', pump)
          return
        }
      }
      if (!answered && !done) request.end()
    }
    pump()
  })
}

/** `buffer` in pieces of `size` bytes. */
export function split(buffer: Buffer, size = 8 * 1024): Buffer[] {
  const out: Buffer[] = []
  for (let at = 0; at < buffer.length; at += size) out.push(buffer.subarray(at, at + size))
  return out
}

/** The id the build gave a server action (the id its pages carry), by exported name. */
export function actionId(name: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName?: string }> }
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name)?.[0]
  if (!id) throw new Error(`no server action ${name} in the build`)
  return id
}
