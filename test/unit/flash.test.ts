import { describe, expect, it } from 'vitest'
import { decodeFlash, encodeFlash } from '@/lib/submissions/flash'
import type { LinkFormState } from '@/lib/submissions/form-state'

const state = (values: Partial<LinkFormState['values']> = {}): LinkFormState => ({
  status: 'error',
  message: 'Please correct the highlighted fields and send again.',
  fieldErrors: { url: 'Only http and https links are accepted.' },
  values: {
    url: 'javascript:alert(1)',
    title: 'Заголовок <b>',
    name: 'Ada',
    note: 'a\nb',
    ...values,
  },
})

describe('the no-JavaScript answer cookie', () => {
  it('round-trips the answer, including non-ASCII text', () => {
    expect(decodeFlash(encodeFlash(state()))).toEqual(state())
  })

  it('stays under the 4 KB cookie limit, dropping values before the message', () => {
    const huge = state({
      url: 'https://e.com/' + 'x'.repeat(5000),
      note: 'я'.repeat(520),
      title: 'ж'.repeat(210),
    })
    const encoded = encodeFlash(huge)
    expect(encoded.length).toBeLessThanOrEqual(3800)
    const decoded = decodeFlash(encoded)
    expect(decoded?.message).toBe(huge.message)
    expect(decoded?.fieldErrors).toEqual(huge.fieldErrors)
  })

  it('keeps typed values when they fit, cut to a little over their limits', () => {
    const decoded = decodeFlash(encodeFlash(state({ url: 'https://e.com/' + 'x'.repeat(3000) })))
    expect(decoded?.values.url.length).toBe(2100)
    expect(decoded?.values.name).toBe('Ada')
  })

  it('rejects a tampered or foreign cookie', () => {
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    expect(decodeFlash(undefined)).toBeUndefined()
    expect(decodeFlash('%%%')).toBeUndefined()
    expect(decodeFlash(forge({ ...state(), status: 'pwned' }))).toBeUndefined()
    expect(decodeFlash(forge({ ...state(), fieldErrors: { admin: 'x' } }))).toBeUndefined()
    expect(decodeFlash(forge({ ...state(), values: { url: 1 } }))).toBeUndefined()
    expect(decodeFlash('a'.repeat(5000))).toBeUndefined()
  })
})
