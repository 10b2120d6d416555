import readingTime from 'reading-time'

export function minutesToRead(text: string): number {
  return Math.max(1, Math.round(readingTime(text).minutes))
}

/** The original blog's wording, kept because readers liked it. */
export function readingTimeSentence(minutes: number): string {
  return `This article will take you about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} to read.`
}
