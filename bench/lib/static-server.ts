/**
 * Baseline for the reading benchmark: a plain node:http server answering every
 * GET with the same prerendered HTML bytes (read once) and the same content-type
 * as next start. Started by bench/reading.ts; PORT, HTML_FILE and CONTENT_TYPE
 * come from the environment.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'

const port = Number(process.env.PORT)
const html = readFileSync(process.env.HTML_FILE ?? '')
const contentType = process.env.CONTENT_TYPE ?? 'text/html; charset=utf-8'

http
  .createServer((req, res) => {
    if (req.url === '/health') {
      res.end('ok')
      return
    }
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': html.length })
    res.end(html)
  })
  .listen(port, '127.0.0.1')
