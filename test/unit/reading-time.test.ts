import { describe, expect, it } from 'vitest'
import { minutesToRead, readingTimeSentence } from '@/lib/posts/reading-time'

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ')

describe('minutesToRead (200 words a minute, rounded, at least 1)', () => {
  it.each([
    ['no text', '', 1],
    ['one word', 'hello', 1],
    ['99 words', words(99), 1],
    ['299 words (1.495 min)', words(299), 1],
    ['301 words (1.505 min)', words(301), 2],
    ['1000 words', words(1000), 5],
    ['1099 words (5.495 min)', words(1099), 5],
    ['1101 words (5.505 min)', words(1101), 6],
    ['2000 words', words(2000), 10],
  ])('%s → %i', (_label, text, minutes) => {
    expect(minutesToRead(text)).toBe(minutes)
  })

  it('counts words, not characters or whitespace', () => {
    const spaced = words(1000).replaceAll(' ', ' \n\n   ')
    expect(minutesToRead(spaced)).toBe(5)
    expect(minutesToRead('x'.repeat(10_000))).toBe(1)
  })
})

describe('readingTimeSentence', () => {
  it('uses the singular for one minute', () => {
    expect(readingTimeSentence(1)).toBe('This article will take you about 1 minute to read.')
  })

  it('uses the plural for more than one minute', () => {
    expect(readingTimeSentence(2)).toBe('This article will take you about 2 minutes to read.')
    expect(readingTimeSentence(12)).toBe('This article will take you about 12 minutes to read.')
  })
})
