import { readFile } from 'node:fs/promises'

/** The figures we use from GNU time's -v report. */
export type TimeReport = { peakRssKiB?: number; elapsedSeconds?: number; exitStatus?: number }

export function parseTimeReport(text: string): TimeReport {
  const field = (label: string) =>
    new RegExp(`^\\s*${label.replace(/[()]/g, '\\$&')}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim()
  const rss = field('Maximum resident set size (kbytes)')
  const elapsed = field('Elapsed (wall clock) time (h:mm:ss or m:ss)')
  const status = field('Exit status')
  let elapsedSeconds: number | undefined
  if (elapsed) {
    elapsedSeconds = elapsed
      .split(':')
      .map(Number)
      .reduce((total, part) => total * 60 + part, 0)
  }
  return {
    peakRssKiB: rss ? Number(rss) : undefined,
    elapsedSeconds,
    exitStatus: status ? Number(status) : undefined,
  }
}

export async function readTimeReport(file: string): Promise<TimeReport> {
  try {
    return parseTimeReport(await readFile(file, 'utf8'))
  } catch {
    return {}
  }
}
