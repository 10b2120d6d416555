import { describe, expect, it } from 'vitest'
import {
  parseDomainInput,
  registrableDomain,
  registrableDomainOfUrl,
} from '@/lib/moderation/domain-rules'
import { csvCell, historyCell, toByteStream } from '@/lib/moderation/export'
import { domainRuleRequestSchema } from '@/lib/moderation/domain-requests'
import { queueQuerySchema, moderationRequestSchema } from '@/lib/moderation/requests'
import { adminReturnPath } from '@/lib/moderation/return-path'

describe('registrable domains', () => {
  it('reduces a host to the domain a person registered', () => {
    expect(registrableDomain('blog.example.co.uk')).toBe('example.co.uk')
    expect(registrableDomain('WWW.Example.COM.')).toBe('example.com')
    // Private suffixes: one GitHub Pages site is not all of them.
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io')
    expect(registrableDomainOfUrl('https://x.y.alice.github.io/p')).toBe('alice.github.io')
    // Internationalised names stay in punycode, so a look-alike never matches a rule.
    expect(registrableDomainOfUrl('https://bücher.example.de/x')).toBe('example.de')
    expect(registrableDomainOfUrl('https://www.bücher.de/x')).toBe('xn--bcher-kva.de')
  })

  it('has none for addresses and bare suffixes', () => {
    expect(registrableDomain('127.0.0.1')).toBeNull()
    expect(registrableDomain('[::1]')).toBeNull()
    expect(registrableDomain('co.uk')).toBeNull()
    expect(registrableDomainOfUrl('not a url')).toBeNull()
  })

  it('accepts what the author types: a domain or a link', () => {
    expect(parseDomainInput(' Example.com ')).toEqual({ ok: true, domain: 'example.com' })
    expect(parseDomainInput('https://blog.example.co.uk/post?x=1')).toEqual({
      ok: true,
      domain: 'example.co.uk',
    })
    expect(parseDomainInput('bücher.de')).toEqual({ ok: true, domain: 'xn--bcher-kva.de' })
    for (const bad of ['', 'two words.com', '127.0.0.1', 'com', 'http://', 'x'.repeat(301)]) {
      expect(parseDomainInput(bad).ok, bad).toBe(false)
    }
    expect(
      domainRuleRequestSchema.safeParse({ intent: 'add', domain: 'co.uk', kind: 'trusted' })
        .success,
    ).toBe(false)
    expect(
      domainRuleRequestSchema.safeParse({ intent: 'add', domain: 'a.com', kind: 'maybe' }).success,
    ).toBe(false)
    expect(domainRuleRequestSchema.parse({ intent: 'remove', domain: 'A.com' })).toEqual({
      intent: 'remove',
      domain: 'a.com',
    })
  })
})

describe('CSV cells', () => {
  it('quotes cells with quotes, commas and line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(42)).toBe('42')
  })

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`)
    expect(csvCell('+1+2')).toBe("'+1+2")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=1')).toBe("'\t=1")
    expect(csvCell('\r=1')).toBe(`"'\r=1"`)
    // Only the first character matters; numbers we write ourselves are left alone.
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell(-1)).toBe('-1')
  })

  it('writes history one change per line', () => {
    expect(
      historyCell([
        { at: 'T1', actor: null, from: null, to: 'pending', via: 'form', detail: null },
        { at: 'T2', actor: 'me', from: 'pending', to: 'approved', via: 'admin', detail: 'x' },
      ]),
    ).toBe('T1 new -> pending via form\nT2 pending -> approved via admin by me (x)')
  })
})

describe('the export byte stream', () => {
  async function* words(n: number, seen: { n: number; closed: boolean }) {
    try {
      for (let i = 0; i < n; i++) {
        seen.n++
        yield `w${i},`
      }
    } finally {
      seen.closed = true
    }
  }

  it('joins small chunks, reads only as the consumer pulls, and ends cleanly', async () => {
    const seen = { n: 0, closed: false }
    const reader = toByteStream(words(1000, seen), { chunkBytes: 100 }).getReader()
    expect(seen.n).toBe(0)
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toMatch(/^w0,w1,/)
    // One piece of about 100 bytes: the source was not read ahead.
    expect(seen.n).toBeLessThan(40)
    let rest = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      rest += new TextDecoder().decode(value)
    }
    expect(rest.endsWith('w999,')).toBe(true)
    expect(seen.closed).toBe(true)
  })

  it('stops reading the source when the download is cancelled', async () => {
    const seen = { n: 0, closed: false }
    const reader = toByteStream(words(1_000_000, seen), { chunkBytes: 10 }).getReader()
    await reader.read()
    await reader.cancel()
    expect(seen.closed).toBe(true)
    expect(seen.n).toBeLessThan(10)
  })
})

describe('queue requests', () => {
  it('reads the Deleted view, the search and the answer of a move from the URL, ignoring junk', () => {
    expect(
      queueQuerySchema.parse({ status: 'deleted', q: '  rivera.dev ', done: 'approve', n: '3' }),
    ).toMatchObject({ status: 'deleted', q: 'rivera.dev', done: 'approve', n: 3 })
    expect(queueQuerySchema.parse({ q: '   ', done: 'explode', n: '-1' })).toMatchObject({
      q: undefined,
      done: undefined,
      n: undefined,
    })
    expect(queueQuerySchema.parse({ q: 'x'.repeat(201) }).q).toBeUndefined()
  })

  it('accepts restore, trust and block, one row for a domain rule', () => {
    expect(moderationRequestSchema.safeParse({ intent: 'restore', ids: ['4'] }).success).toBe(true)
    expect(moderationRequestSchema.safeParse({ intent: 'trust', ids: ['4'] }).success).toBe(true)
    expect(moderationRequestSchema.safeParse({ intent: 'block', ids: ['4', '5'] }).success).toBe(
      false,
    )
  })

  it('sends the author back to the /admin view they came from, never elsewhere', () => {
    expect(
      adminReturnPath('http://localhost:3000/admin?status=pending&done=spam&n=9&undo=x').with({
        done: 'approve',
        n: '2',
        undo: 'token',
      }),
    ).toBe('/admin?status=pending&done=approve&n=2&undo=token')
    // An Undo's answer has no Undo of its own: the earlier one goes.
    expect(
      adminReturnPath('http://localhost/admin?done=delete&undo=t').with({ done: 'undo', n: '1' }),
    ).toBe('/admin?done=undo&n=1')
    expect(adminReturnPath('https://evil.example/admin?x=1').with({ done: 'undo' })).toBe(
      '/admin?x=1&done=undo',
    )
    expect(adminReturnPath('http://localhost/posts/x').with({ done: 'undo' })).toBe(
      '/admin?done=undo',
    )
    expect(adminReturnPath(null).with({ done: 'undo' })).toBe('/admin?done=undo')
    expect(adminReturnPath('::junk').with({ done: 'undo' })).toBe('/admin?done=undo')
  })
})
