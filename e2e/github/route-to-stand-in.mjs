/**
 * Test-only preload for the `next start` under test:
 *
 *   NODE_OPTIONS="--import file:///…/e2e/github/route-to-stand-in.mjs"
 *   GITHUB_STAND_IN="https://github.com=http://127.0.0.1:4790,https://api.github.com=http://127.0.0.1:4791"
 *
 * It wraps the dispatcher behind Node's global fetch (which Next and Auth.js
 * use), so the server's own requests to those origins reach the local stand-in
 * (./stand-in.ts) while the app still asks for https://github.com/…: nothing in
 * auth.ts or lib/ knows a test endpoint. Any other request that would leave
 * loopback fails, so a test can never reach the real GitHub or anyone else.
 *
 * Plain JavaScript because Node loads it before any TypeScript tooling. It
 * wraps Node's own dispatcher rather than one from the undici package, which
 * would have to match the undici version bundled in each Node release.
 */

const mapping = new Map(
  (process.env.GITHUB_STAND_IN ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [from = '', to = ''] = pair.split('=')
      return [new URL(from).origin, new URL(to).origin]
    }),
)
if (mapping.size === 0) {
  throw new Error(
    'route-to-stand-in.mjs: set GITHUB_STAND_IN to "https://github.com=http://127.0.0.1:PORT,…"',
  )
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

// Node creates the global dispatcher the first time fetch is used.
await fetch('data:,')
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1')
const nodeDispatcher = globalThis[GLOBAL_DISPATCHER]
if (typeof nodeDispatcher?.compose !== 'function') {
  throw new Error("route-to-stand-in.mjs: this Node's fetch has no composable dispatcher")
}

globalThis[GLOBAL_DISPATCHER] = nodeDispatcher.compose((dispatch) => (options, handler) => {
  const origin = new URL(String(options.origin))
  const target = mapping.get(origin.origin)
  if (target) return dispatch({ ...options, origin: target }, handler)
  if (!LOOPBACK_HOST.test(origin.hostname)) {
    throw new Error(`route-to-stand-in.mjs: refused ${origin.origin}; tests talk to loopback only`)
  }
  return dispatch(options, handler)
})
