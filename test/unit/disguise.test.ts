import { describe, expect, it } from 'vitest'
import { hasBidiControls, undisguise } from '@/lib/text/disguise'
import { confusableWithAscii, describeHost, mixesScripts } from '@/lib/text/look-alike'

describe('undisguise', () => {
  // Issue 12: this name reversed the host and date /links printed after it.
  it('removes the right-to-left override from a name', () => {
    expect(undisguise('Eve \u202Egro.elpmaxe')).toBe('Eve gro.elpmaxe')
  })

  it.each([
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
  ])('removes bidi control U+%s', (control) => {
    expect(undisguise(`a${control}b`)).toBe('ab')
    expect(hasBidiControls(`a${control}b`)).toBe(true)
  })

  it('keeps right-to-left text itself', () => {
    expect(undisguise('שלום עולם')).toBe('שלום עולם')
    expect(undisguise('مرحبا')).toBe('مرحبا')
    expect(hasBidiControls('שלום')).toBe(false)
  })

  // Issue 12: 80 combining accents drew a stroke about 270 px tall.
  it('caps a run of 80 combining accents at 2', () => {
    const out = undisguise(`Zalgo${'\u0301'.repeat(80)}`)
    expect(out).toBe(`Zalgo${'\u0301'.repeat(2)}`.normalize('NFC'))
    expect(out.length).toBeLessThanOrEqual(7)
  })

  it('keeps ordinary accents and stacked Vietnamese marks', () => {
    expect(undisguise('Se\u0301bastien')).toBe('Sébastien')
    expect(undisguise('Nguye\u0302\u0303n')).toBe('Nguyễn')
    expect(undisguise('e\u0301'.repeat(3))).toBe('é'.repeat(3))
  })
})

describe('look-alike hosts', () => {
  // Issue 12: all-Cyrillic аррӏе.com showed in /admin as apple.com.
  it('flags an all-Cyrillic imitation of an ASCII name', () => {
    const host = describeHost('https://аррӏе.com/login')
    expect(host).toEqual({ ascii: 'xn--80ak6aa92e.com', unicode: 'аррӏе.com', lookAlike: true })
    expect(confusableWithAscii('аррӏе.com')).toBe(true)
  })

  it('flags a label that mixes Latin and Cyrillic', () => {
    expect(mixesScripts('аpple')).toBe(true)
    expect(describeHost('https://xn--pple-43d.com/')?.lookAlike).toBe(true)
  })

  it('does not flag honest non-ASCII names', () => {
    expect(describeHost('https://bücher.de/')).toEqual({
      ascii: 'xn--bcher-kva.de',
      unicode: 'bücher.de',
      lookAlike: false,
    })
    expect(describeHost('https://пример.рф/')?.lookAlike).toBe(false)
    expect(describeHost('https://例え.jp/')?.lookAlike).toBe(false)
    expect(mixesScripts('ひらがな漢字')).toBe(false)
  })

  it('leaves ASCII hosts alone', () => {
    expect(describeHost('https://example.com/a')).toEqual({
      ascii: 'example.com',
      unicode: 'example.com',
      lookAlike: false,
    })
  })

  it('answers null for something that is not a URL', () => {
    expect(describeHost('not a url')).toBeNull()
  })
})
