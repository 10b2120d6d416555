/**
 * Prints a port P for the end-to-end server such that P, P + 1 (the test SMTP
 * server) and P + 10 (the link-check stand-in) are all free (test/support/
 * server-env.ts): on a shared machine another suite may hold 3100.
 */
import net from 'node:net'

const free = (port) =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })

for (let attempt = 0; attempt < 200; attempt++) {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  if ((await free(port)) && (await free(port + 1)) && (await free(port + 10))) {
    console.log(port)
    process.exit(0)
  }
}
console.error('no free port range found')
process.exit(1)
