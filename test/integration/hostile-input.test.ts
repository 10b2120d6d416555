import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { FormField } from '@/lib/submissions/fields'
import { MESSAGES, emptyValues } from '@/lib/submissions/form-state'
import { approvedLinksForPost } from '@/lib/submissions/public-list'
import { submitLink } from '@/lib/intake/form'
import { countRows, queryRows, testDatabases, useTestDatabase } from '../support/test-databases'
import { OWN_HOST, POST, allSubmissions, approve, context, form } from './support'

const XSS_SCRIPT = '<script>alert(1)</script>'
const XSS_ATTR = '"><img src=x onerror=alert(1)>'

const MSG = {
  scheme: 'Only http and https links are accepted.',
  tooLong: 'The link is too long: at most 2048 characters.',
  whitespace: 'The link cannot contain spaces, line breaks or control characters.',
  ip: 'Use the site’s domain name, not an IP address.',
  notPublic: 'The link must point to a public website.',
  homograph: 'The address mixes alphabets in a way used to imitate other sites.',
  credentials: 'Links with a user name or password in them are not accepted.',
  ownSite: 'That link points to this blog. Send a link to your own story.',
  notFull: 'Enter a full link, starting with https://',
  urlMissing: 'Enter the link to your story.',
}

/** Rejected: an error naming the field, what was typed kept, nothing written. */
type Rejected = { name: string; input: Record<string, unknown>; field: FormField; message: string }

const rejected: Rejected[] = [
  // Schemes that run code or reach local files and other apps.
  {
    name: 'javascript: URL',
    input: { url: 'javascript:alert(1)' },
    field: 'url',
    message: MSG.scheme,
  },
  {
    name: 'javascript: URL, mixed case',
    input: { url: 'JaVaScRiPt:alert(document.cookie)' },
    field: 'url',
    message: MSG.scheme,
  },
  {
    name: 'data: URL',
    input: { url: `data:text/html,${XSS_SCRIPT}` },
    field: 'url',
    message: MSG.scheme,
  },
  {
    name: 'data: URL, base64',
    input: { url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
    field: 'url',
    message: MSG.scheme,
  },
  { name: 'file: URL', input: { url: 'file:///etc/passwd' }, field: 'url', message: MSG.scheme },
  {
    name: 'mailto: URL',
    input: { url: 'mailto:someone@example.com' },
    field: 'url',
    message: MSG.scheme,
  },
  { name: 'ftp: URL', input: { url: 'ftp://example.com/file' }, field: 'url', message: MSG.scheme },
  // Size.
  {
    name: 'a 5 kB URL',
    input: { url: `https://example.com/${'a'.repeat(5000)}` },
    field: 'url',
    message: MSG.tooLong,
  },
  {
    name: 'a URL of 2,049 characters',
    input: { url: `https://example.com/${'a'.repeat(2029)}` },
    field: 'url',
    message: MSG.tooLong,
  },
  // Line breaks and control characters (the URL parser would silently drop them).
  {
    name: 'CR/LF in the URL (header injection)',
    input: { url: 'https://example.com/a\r\nSet-Cookie: x=1' },
    field: 'url',
    message: MSG.whitespace,
  },
  {
    name: 'LF inside the host',
    input: { url: 'https://exa\nmple.com/' },
    field: 'url',
    message: MSG.whitespace,
  },
  {
    name: 'a tab in the URL',
    input: { url: 'https://example.com/\tx' },
    field: 'url',
    message: MSG.whitespace,
  },
  {
    name: 'NUL in the URL',
    input: { url: 'https://example.com/\u0000' },
    field: 'url',
    message: MSG.whitespace,
  },
  {
    name: 'U+2028 in the URL',
    input: { url: 'https://example.com/\u2028x' },
    field: 'url',
    message: MSG.whitespace,
  },
  {
    name: 'a space in the URL',
    input: { url: 'https://example.com/a b' },
    field: 'url',
    message: MSG.whitespace,
  },
  // Internal and local addresses.
  { name: 'http://127.0.0.1', input: { url: 'http://127.0.0.1/' }, field: 'url', message: MSG.ip },
  { name: 'http://[::1]', input: { url: 'http://[::1]/' }, field: 'url', message: MSG.ip },
  {
    name: 'cloud metadata http://169.254.169.254',
    input: { url: 'http://169.254.169.254/latest/meta-data/' },
    field: 'url',
    message: MSG.ip,
  },
  {
    name: 'private http://10.0.0.1',
    input: { url: 'http://10.0.0.1/' },
    field: 'url',
    message: MSG.ip,
  },
  {
    name: 'loopback as a decimal number',
    input: { url: 'http://2130706433/' },
    field: 'url',
    message: MSG.ip,
  },
  { name: 'loopback in hex', input: { url: 'http://0x7f.0.0.1/' }, field: 'url', message: MSG.ip },
  {
    name: 'IPv4-mapped IPv6 loopback',
    input: { url: 'http://[::ffff:127.0.0.1]/' },
    field: 'url',
    message: MSG.ip,
  },
  {
    name: 'localhost',
    input: { url: 'http://localhost:3000/' },
    field: 'url',
    message: MSG.notPublic,
  },
  {
    name: 'an internal name',
    input: { url: 'http://metadata.google.internal/' },
    field: 'url',
    message: MSG.notPublic,
  },
  {
    name: 'a home network name',
    input: { url: 'http://router.home.arpa/' },
    field: 'url',
    message: MSG.notPublic,
  },
  {
    name: 'a trailing-dot host',
    input: { url: 'https://example.com./' },
    field: 'url',
    message: MSG.notPublic,
  },
  // Deception.
  {
    name: 'IDN homograph (Cyrillic а in apple.com)',
    input: { url: 'https://аpple.com' },
    field: 'url',
    message: MSG.homograph,
  },
  {
    name: 'the same homograph in punycode',
    input: { url: 'https://xn--pple-43d.com/' },
    field: 'url',
    message: MSG.homograph,
  },
  {
    name: 'credentials in the URL',
    input: { url: 'https://user:pass@example.com/' },
    field: 'url',
    message: MSG.credentials,
  },
  {
    name: 'a right-to-left override in the URL (…/\u202Egnp.exe shows as …/exe.png)',
    input: { url: 'https://example.com/\u202Egnp.exe' },
    field: 'url',
    message: MSG.whitespace,
  },
  {
    name: 'a link to this blog',
    input: { url: `https://www.${OWN_HOST}/posts/x` },
    field: 'url',
    message: MSG.ownSite,
  },
  { name: 'no scheme', input: { url: 'example.com/story' }, field: 'url', message: MSG.notFull },
  {
    name: 'protocol-relative',
    input: { url: '//example.com/story' },
    field: 'url',
    message: MSG.notFull,
  },
  // Missing or blank.
  { name: 'missing URL', input: { url: undefined }, field: 'url', message: MSG.urlMissing },
  { name: 'blank URL', input: { url: '   ' }, field: 'url', message: MSG.urlMissing },
  // Wrong types (JSON bodies can carry anything).
  { name: 'URL as a number', input: { url: 42 }, field: 'url', message: MSG.urlMissing },
  {
    name: 'URL as an array',
    input: { url: ['https://example.com/a'] },
    field: 'url',
    message: MSG.urlMissing,
  },
  {
    name: 'URL as an object',
    input: { url: { href: 'https://example.com/' } },
    field: 'url',
    message: MSG.urlMissing,
  },
  { name: 'URL as null', input: { url: null }, field: 'url', message: MSG.urlMissing },
  { name: 'URL as a boolean', input: { url: true }, field: 'url', message: MSG.urlMissing },
  {
    name: 'title as a number',
    input: { title: 42 },
    field: 'title',
    message: 'The title must be text.',
  },
  {
    name: 'title as null',
    input: { title: null },
    field: 'title',
    message: 'The title must be text.',
  },
  {
    name: 'title as a file upload',
    input: { title: new File(['x'], 'x.txt') },
    field: 'title',
    message: 'The title must be text.',
  },
  {
    name: 'name as an array',
    input: { name: ['Ada'] },
    field: 'name',
    message: 'Your name must be text.',
  },
  {
    name: 'note as an object',
    input: { note: { text: 'hi' } },
    field: 'note',
    message: 'The note must be text.',
  },
  // Lengths and control characters in the text fields.
  {
    name: 'a 201-character title',
    input: { title: 't'.repeat(201) },
    field: 'title',
    message: 'The title can be at most 200 characters.',
  },
  {
    name: 'an 81-character name',
    input: { name: 'n'.repeat(81) },
    field: 'name',
    message: 'Your name can be at most 80 characters.',
  },
  {
    name: 'a 501-character note',
    input: { note: 'n'.repeat(501) },
    field: 'note',
    message: 'The note can be at most 500 characters.',
  },
  {
    name: 'a line break inside the title',
    input: { title: 'a\nb' },
    field: 'title',
    message: 'The title cannot contain line breaks or control characters.',
  },
  {
    name: 'CR inside the name',
    input: { name: 'a\rb' },
    field: 'name',
    message: 'Your name cannot contain line breaks or control characters.',
  },
  {
    name: 'NUL in the note (PostgreSQL text cannot hold it)',
    input: { note: 'a\u0000b' },
    field: 'note',
    message: 'The note cannot contain control characters.',
  },
  {
    name: 'ESC sequence in the title',
    input: { title: 'a\u001b[31mred' },
    field: 'title',
    message: 'The title cannot contain line breaks or control characters.',
  },
]

/** Stored: exactly as typed, and handed back as the same plain string. */
type Stored = {
  name: string
  input: Record<string, unknown>
  row: { url: string; title: string | null; submitter_name: string | null; note: string | null }
}

const base = {
  url: 'https://example.com/story',
  title: 'My story',
  submitter_name: 'Ada',
  note: 'Thanks for the post.',
}

const stored: Stored[] = [
  {
    name: 'script tags in title, name and note',
    input: { title: XSS_SCRIPT, name: XSS_SCRIPT, note: XSS_SCRIPT },
    row: { ...base, title: XSS_SCRIPT, submitter_name: XSS_SCRIPT, note: XSS_SCRIPT },
  },
  {
    name: 'attribute break-out in title, name and note',
    input: { title: XSS_ATTR, name: XSS_ATTR, note: XSS_ATTR },
    row: { ...base, title: XSS_ATTR, submitter_name: XSS_ATTR, note: XSS_ATTR },
  },
  {
    name: 'SQL in every text field',
    input: {
      title: "'); drop table submissions; --",
      name: "Robert'); DROP TABLE students;--",
      note: "' or 1=1 --",
    },
    row: {
      ...base,
      title: "'); drop table submissions; --",
      submitter_name: "Robert'); DROP TABLE students;--",
      note: "' or 1=1 --",
    },
  },
  {
    name: 'markup in the query string of an https URL',
    input: { url: `https://example.com/search?q=${XSS_ATTR.replaceAll(' ', '')}` },
    row: { ...base, url: `https://example.com/search?q=${XSS_ATTR.replaceAll(' ', '')}` },
  },
  {
    name: 'a URL of exactly 2,048 characters',
    input: { url: `https://example.com/${'a'.repeat(2028)}` },
    row: { ...base, url: `https://example.com/${'a'.repeat(2028)}` },
  },
  // Issue 12: text that could disguise itself is stored without the disguise.
  {
    name: 'a right-to-left override in the title (removed)',
    input: { title: 'invoice\u202Egnp.exe' },
    row: { ...base, title: 'invoicegnp.exe' },
  },
  {
    name: 'a name that reverses what follows it (Eve \u202Egro.elpmaxe)',
    input: { name: 'Eve \u202Egro.elpmaxe' },
    row: { ...base, submitter_name: 'Eve gro.elpmaxe' },
  },
  {
    name: 'every bidi embedding, override and isolate in the note',
    input: { note: 'a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i' },
    row: { ...base, note: 'abcdefghi' },
  },
  {
    name: 'a name of 80 combining accents (capped at 2 in a row)',
    input: { name: `Eve${'\u0301'.repeat(80)}` },
    row: { ...base, submitter_name: `Eve${'\u0301'.repeat(2)}`.normalize('NFC') },
  },
  {
    name: '200 characters of emoji, CJK and combining marks at the limits',
    input: { title: '😀'.repeat(100), name: '名'.repeat(80), note: 'e\u0301'.repeat(250) },
    row: {
      ...base,
      title: '😀'.repeat(100),
      submitter_name: '名'.repeat(80),
      // Stored composed (NFC): é is one character.
      note: 'é'.repeat(250),
    },
  },
  {
    name: 'missing optional fields (stored as null)',
    input: { title: undefined, name: undefined, note: undefined },
    row: { ...base, title: null, submitter_name: null, note: null },
  },
]

/** What the form shows again after an error: the strings as typed, anything else blank. */
function typedBack(input: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 5000) : '')
  return {
    url: text(input.url),
    title: text(input.title),
    name: text(input.name),
    note: text(input.note),
  }
}

describe.each(testDatabases)('$name: hostile input through submitLink', ({ open }) => {
  const handle = useTestDatabase(open)

  async function expectNothingWritten() {
    expect(await countRows(handle.db, 'submissions')).toBe(0)
    expect(await countRows(handle.db, 'rate_limit_hits')).toBe(0)
  }

  it.each(rejected)('rejects $name', async ({ input: overrides, field, message }) => {
    const input = form(overrides)
    const state = await submitLink(input, context(handle.db))
    expect(state).toEqual({
      status: 'error',
      message: MESSAGES.invalid,
      fieldErrors: { [field]: message },
      values: typedBack(input),
    })
    await expectNothingWritten()
  })

  it.each(stored)('stores $name verbatim and returns it as plain text', async ({ input, row }) => {
    const state = await submitLink(form(input), context(handle.db))
    expect(state).toEqual({
      status: 'success',
      message: MESSAGES.received,
      fieldErrors: {},
      values: emptyValues,
      statusUrl: expect.stringMatching(/^\/links\/status\/[\w-]{43}$/),
    })

    const rows = await allSubmissions(handle.db)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ ...row, status: 'pending', post_slug: POST })

    await approve(handle.db)
    const [link] = await approvedLinksForPost(handle.db, POST)
    expect(link).toMatchObject({
      url: row.url,
      title: row.title,
      submitterName: row.submitter_name,
    })
    expect(await countRows(handle.db, 'submissions')).toBe(1) // and the table is still there

    // Rendered the way React renders any string: as text, never as markup.
    const html = renderToStaticMarkup(
      createElement('a', { href: link!.url }, link!.title, ' — ', link!.submitterName),
    )
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
  })

  it('ignores extra fields: none of them reaches any column', async () => {
    const input = form({
      status: 'approved',
      id: 999,
      ipHash: 'forged-hash',
      ip_hash: 'forged-hash',
      normalizedUrl: 'https://forged.example.com/',
      normalized_url: 'https://forged.example.com/',
      createdAt: '2000-01-01T00:00:00Z',
      created_at: '2000-01-01T00:00:00Z',
      moderatedAt: '2000-01-01T00:00:00Z',
      moderatedBy: 'forged-moderator',
      moderated_by: 'forged-moderator',
      submitterName: 'forged-name',
      submitter_name: 'forged-name',
      post_slug: 'forged-post',
    })
    const state = await submitLink(input, context(handle.db, { ipHash: 'real-hash' }))
    expect(state.message).toBe(MESSAGES.received)

    const rows = await allSubmissions(handle.db)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      id: 1,
      post_slug: POST,
      normalized_url: 'https://example.com/story',
      submitter_name: 'Ada',
      status: 'pending',
      moderated_at: null,
      moderated_by: null,
      ip_hash: 'real-hash',
    })
    const [age] = await queryRows<{ recent: boolean }>(
      handle.db,
      sql`select created_at > now() - interval '1 minute' as recent from submissions`,
    )
    expect(age?.recent).toBe(true)
    const hits = await queryRows(handle.db, sql`select * from rate_limit_hits`)
    expect(JSON.stringify([rows, hits])).not.toMatch(/forged|999|2000-01-01/)
  })

  it('is not fooled by a __proto__ key in a JSON body', async () => {
    const input = JSON.parse(
      JSON.stringify(form()).replace('{', '{"__proto__":{"polluted":"yes","status":"approved"},'),
    ) as Record<string, unknown>
    const state = await submitLink(input, context(handle.db))
    expect(state.message).toBe(MESSAGES.received)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const rows = await allSubmissions(handle.db)
    expect(rows.map((r) => r.status)).toEqual(['pending'])
    expect(JSON.stringify(rows)).not.toContain('yes')
  })

  it.each([
    { name: 'missing', slug: undefined },
    { name: 'a number', slug: 42 },
    { name: 'an array', slug: [POST] },
    { name: 'an unknown post', slug: '../../etc/passwd' },
  ])('refuses a post slug that is $name, with a clear message', async ({ slug }) => {
    const input = form({ postSlug: slug })
    const state = await submitLink(input, context(handle.db))
    expect(state).toEqual({
      status: 'error',
      message: MESSAGES.closed,
      fieldErrors: {},
      values: typedBack(input),
    })
    await expectNothingWritten()
  })

  it.each([
    { name: 'filled', homepage: 'https://spam.example.com/' },
    { name: 'missing (not sent by our form, so not a person)', homepage: undefined },
    { name: 'a number', homepage: 0 },
    { name: 'an array', homepage: [''] },
    { name: 'null', homepage: null },
  ])(
    'treats a honeypot that is $name as a bot: success shown, nothing stored',
    async ({ homepage }) => {
      const state = await submitLink(form({ homepage }), context(handle.db))
      expect(state).toEqual({
        status: 'success',
        message: MESSAGES.received,
        fieldErrors: {},
        values: emptyValues,
      })
      await expectNothingWritten()
    },
  )
})
