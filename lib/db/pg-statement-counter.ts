/**
 * Counts the statements a PostgreSQL client sends, from the bytes of its side of
 * the wire protocol: a simple Query ('Q') or an extended-protocol Execute ('E')
 * is one statement. Used by the WebSocket proxy so tests and the benchmark can
 * count how often an instance queries its database.
 */
const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104

export function createStatementCounter(onStatement: () => void): (chunk: Uint8Array) => void {
  let buffered = Buffer.alloc(0)
  // The first messages (SSL/GSS negotiation, then the startup message) carry no type byte.
  let started = false
  return (chunk) => {
    buffered = buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffered, chunk])
    for (;;) {
      if (!started) {
        if (buffered.length < 8) return
        const length = buffered.readInt32BE(0)
        if (buffered.length < length) return
        const code = buffered.readInt32BE(4)
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true
        buffered = buffered.subarray(length)
        continue
      }
      if (buffered.length < 5) return
      const length = buffered.readInt32BE(1)
      if (buffered.length < length + 1) return
      const type = String.fromCharCode(buffered[0]!)
      if (type === 'Q' || type === 'E') onStatement()
      buffered = buffered.subarray(length + 1)
    }
  }
}
