import { describe, expect, it } from 'vitest'
import { createStatementCounter } from '@/lib/db/pg-statement-counter'

describe('counting the statements a PostgreSQL client sends', () => {
  const message = (type: string, body = 'x') => {
    const b = Buffer.alloc(5 + body.length)
    b.write(type, 0)
    b.writeInt32BE(4 + body.length, 1)
    b.write(body, 5)
    return b
  }
  const untyped = (code: number) => {
    const b = Buffer.alloc(8)
    b.writeInt32BE(8, 0)
    b.writeInt32BE(code, 4)
    return b
  }

  it('counts simple queries and executes, across any chunking', () => {
    const wire = Buffer.concat([
      untyped(80877103), // SSLRequest
      untyped(196608), // StartupMessage (protocol 3.0), no parameters
      message('p', 'password'),
      message('Q', 'select 1'),
      message('P', 'select $1'),
      message('B'),
      message('D'),
      message('E'),
      message('S'),
      message('Q', 'begin'),
    ])
    for (const size of [1, 3, 7, wire.length]) {
      let statements = 0
      const count = createStatementCounter(() => statements++)
      for (let i = 0; i < wire.length; i += size) count(wire.subarray(i, i + size))
      expect(statements).toBe(3)
    }
  })
})
