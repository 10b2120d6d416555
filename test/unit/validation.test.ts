import { describe, expect, it } from 'vitest'
import {
  FIELD_LIMITS,
  echoValues,
  validateSubmission,
  type FormField,
  type ValidSubmission,
} from '@/lib/submissions/validation'

const OWN_HOST = 'red-green-repeat.dev'
const URL_OK = 'https://example.com/story'

function valid(input: Record<string, unknown>): ValidSubmission {
  const result = validateSubmission(input, OWN_HOST)
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.fieldErrors)}`)
  return result.data
}

function errors(input: Record<string, unknown>): Partial<Record<FormField, string>> {
  const result = validateSubmission(input, OWN_HOST)
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.data)}`)
  return result.fieldErrors
}

describe('validateSubmission', () => {
  it('accepts a link alone and turns the missing optional fields into null', () => {
    expect(valid({ url: URL_OK })).toEqual({
      url: URL_OK,
      normalizedUrl: 'https://example.com/story',
      title: null,
      name: null,
      note: null,
    })
  })

  it('turns empty and blank optional fields into null', () => {
    expect(valid({ url: URL_OK, title: '', name: '   ', note: '\n\r\n ' })).toMatchObject({
      title: null,
      name: null,
      note: null,
    })
  })

  it('trims the fields and keeps the link as typed, with its normalised key', () => {
    const data = valid({
      url: '  HTTPS://Example.com:443/Story/?utm_source=x#top  ',
      title: '  My story ',
      name: ' Ada ',
      note: '  Hello  ',
    })
    expect(data).toEqual({
      url: 'HTTPS://Example.com:443/Story/?utm_source=x#top',
      normalizedUrl: 'https://example.com/Story',
      title: 'My story',
      name: 'Ada',
      note: 'Hello',
    })
  })

  it.each([
    ['missing', {}],
    ['empty', { url: '' }],
    ['blank', { url: '   ' }],
  ])('asks for the link when it is %s', (_label, input) => {
    expect(errors(input)).toEqual({ url: 'Enter the link to your story.' })
  })

  it('reports the URL policy message for a bad link', () => {
    expect(errors({ url: 'javascript:alert(1)' }).url).toBe(
      'Only http and https links are accepted.',
    )
    expect(errors({ url: 'https://www.red-green-repeat.dev/x' }).url).toMatch(/points to this blog/)
  })

  describe.each([
    ['a number', 42],
    ['an array', ['https://example.com/a']],
    ['an object', { toString: () => 'https://example.com/a' }],
    ['a boolean', true],
    ['null', null],
  ])('a field holding %s', (_label, value) => {
    it('is rejected for url', () => {
      expect(errors({ url: value })).toEqual({ url: 'Enter the link to your story.' })
    })

    it.each([
      ['title', 'The title must be text.'],
      ['name', 'Your name must be text.'],
      ['note', 'The note must be text.'],
    ] as const)('is rejected for %s', (field, message) => {
      expect(errors({ url: URL_OK, [field]: value })).toEqual({ [field]: message })
    })
  })

  it('reports an error for every bad field at once', () => {
    expect(Object.keys(errors({ url: 1, title: 2, name: 3, note: 4 })).sort()).toEqual([
      'name',
      'note',
      'title',
      'url',
    ])
  })

  it('ignores extra fields and leaves them out of the data', () => {
    const data = valid({
      url: URL_OK,
      postSlug: 'naming-tests',
      status: 'approved',
      id: 1,
    })
    expect(Object.keys(data).sort()).toEqual(['name', 'normalizedUrl', 'note', 'title', 'url'])
  })

  describe('length limits', () => {
    it.each([
      ['title', FIELD_LIMITS.title, 200, 'The title can be at most 200 characters.'],
      ['name', FIELD_LIMITS.name, 80, 'Your name can be at most 80 characters.'],
      ['note', FIELD_LIMITS.note, 500, 'The note can be at most 500 characters.'],
    ] as const)('%s: %i characters pass, one more fails', (field, limit, expected, message) => {
      expect(limit).toBe(expected)
      expect(valid({ url: URL_OK, [field]: 'x'.repeat(limit) })[field]).toHaveLength(limit)
      expect(errors({ url: URL_OK, [field]: 'x'.repeat(limit + 1) })).toEqual({ [field]: message })
    })

    it('measures after trimming', () => {
      const padded = `  ${'x'.repeat(FIELD_LIMITS.name)}  `
      expect(valid({ url: URL_OK, name: padded }).name).toHaveLength(FIELD_LIMITS.name)
    })
  })

  describe('control characters', () => {
    it.each([
      ['a line break', 'two\nlines'],
      ['a carriage return', 'two\rlines'],
      ['a tab', 'a\tb'],
      ['a NUL', 'a\u0000b'],
      ['an escape', 'a\u001b[31mred'],
      ['a C1 control', 'a\u0085b'],
      ['a line separator', 'a\u2028b'],
    ])('rejects %s in the title and the name', (_label, text) => {
      expect(errors({ url: URL_OK, title: text, name: text })).toEqual({
        title: 'The title cannot contain line breaks or control characters.',
        name: 'Your name cannot contain line breaks or control characters.',
      })
    })

    it('allows line breaks in the note and normalises CR/LF and CR to LF', () => {
      expect(valid({ url: URL_OK, note: 'one\r\ntwo\rthree\nfour' }).note).toBe(
        'one\ntwo\nthree\nfour',
      )
    })

    it('counts a CR/LF in the note as one character', () => {
      const note = `${'x'.repeat(FIELD_LIMITS.note - 2)}\r\ny`
      expect(note).toHaveLength(FIELD_LIMITS.note + 1)
      expect(valid({ url: URL_OK, note }).note).toHaveLength(FIELD_LIMITS.note)
    })

    it.each([
      ['a NUL', 'a\u0000b'],
      ['a tab', 'a\tb'],
      ['a vertical tab', 'a\u000bb'],
      ['a line separator', 'a\u2028b'],
    ])('rejects %s in the note', (_label, note) => {
      expect(errors({ url: URL_OK, note })).toEqual({
        note: 'The note cannot contain control characters.',
      })
    })
  })

  it('accepts HTML and script as plain text, verbatim', () => {
    const title = '<script>alert("x")</script> & <b>bold</b>'
    const name = '<img src=x onerror=alert(1)>'
    const note = '</textarea><script>fetch("//evil")</script>\n&lt;ok&gt;'
    expect(valid({ url: URL_OK, title, name, note })).toMatchObject({ title, name, note })
  })

  it('keeps non-ASCII text', () => {
    expect(valid({ url: URL_OK, name: 'Zoë Ångström 李' }).name).toBe('Zoë Ångström 李')
  })
})

describe('echoValues', () => {
  it('returns the four fields as typed', () => {
    expect(
      echoValues({ url: ' https://x ', title: 'T', name: 'N', note: 'a\r\nb', extra: 'ignored' }),
    ).toEqual({ url: ' https://x ', title: 'T', name: 'N', note: 'a\r\nb' })
  })

  it('turns missing and non-string values into empty strings', () => {
    expect(echoValues({ url: 42, title: ['a'], name: { a: 1 }, note: null })).toEqual({
      url: '',
      title: '',
      name: '',
      note: '',
    })
    expect(echoValues({})).toEqual({ url: '', title: '', name: '', note: '' })
  })

  it('returns strings only, and caps each at 5000 characters', () => {
    const values = echoValues({ url: 'u'.repeat(6000), title: 't', name: undefined, note: 7 })
    for (const value of Object.values(values)) expect(typeof value).toBe('string')
    expect(values.url).toHaveLength(5000)
  })
})
