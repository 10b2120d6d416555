/** One line of the results table: a figure beside the baseline it was measured against. */
export type Row = {
  section: string
  measure: string
  value: string
  /** What the figure is compared with, measured in the same run. */
  baseline: string
  baselineValue: string
  /** value ÷ baseline, as text (e.g. "×1.07"). */
  ratio: string
  /** The budget, when the figure has one. */
  budget?: string
  /** undefined when there is no budget. */
  pass?: boolean
}

export type SectionResult = {
  title: string
  rows: Row[]
  /** Text shown under the table: failing audits, findings, how it was measured. */
  notes: string[]
  seconds?: number
}

export const failed = (section: SectionResult) => section.rows.some((r) => r.pass === false)

export function ratio(value: number, baseline: number, digits = 2): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a'
  return `×${(value / baseline).toFixed(digits)}`
}

export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
export const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`)
export const mib = (kib: number | undefined) => (kib ? `${(kib / 1024).toFixed(0)} MiB` : 'n/a')
export const int = (n: number) => Math.round(n).toLocaleString('en-US')

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function tableMarkdown(sections: SectionResult[]): string {
  const lines = [
    '| section | measure | value | baseline (same run) | baseline value | ratio | budget | result |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | --- |',
  ]
  for (const section of sections) {
    for (const r of section.rows) {
      const result = r.pass === undefined ? '' : r.pass ? 'pass' : '**FAIL**'
      lines.push(
        `| ${[r.section, r.measure, r.value, r.baseline, r.baselineValue, r.ratio, r.budget ?? '', result].map(cell).join(' | ')} |`,
      )
    }
  }
  return lines.join('\n')
}

/** An errored section still shows up in the table, as a failure. */
export function errorSection(title: string, error: unknown): SectionResult {
  const message = error instanceof Error ? error.message : String(error)
  return {
    title,
    rows: [
      {
        section: title,
        measure: 'section did not complete',
        value: 'error',
        baseline: '',
        baselineValue: '',
        ratio: '',
        budget: 'completes',
        pass: false,
      },
    ],
    notes: ['Error:', '', '```', message.slice(0, 3000), '```'],
  }
}
