import { z } from 'zod'

const isoDate = z
  .union([z.date(), z.string()])
  .transform((value, ctx) => {
    // YAML turns an unquoted 2025-01-15 into a Date; a quoted one stays a string.
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim()
    // Date.parse accepts 2025-02-30 (as 2 March), so check the day survives a round trip.
    const day = new Date(`${text}T00:00:00Z`)
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
      Number.isNaN(day.getTime()) ||
      day.toISOString().slice(0, 10) !== text
    ) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO date such as 2025-01-15' })
      return z.NEVER
    }
    return text
  })

const tag = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'tags are lowercase words joined by hyphens')

export const coverSchema = z.strictObject({
  src: z.string().min(1),
  alt: z.string().min(1, 'describe the image for people who cannot see it'),
  credit: z.strictObject({
    author: z.string().min(1),
    title: z.string().min(1),
    url: z.url({ protocol: /^https?$/ }),
  }),
})

export const frontmatterSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  date: isoDate,
  description: z.string().trim().min(20).max(300),
  tags: z.array(tag).min(1).max(8),
  cover: coverSchema.optional(),
  draft: z.boolean().optional().default(false),
  readerLinks: z.boolean().optional().default(false),
  /** A table of contents shows from four headings on; `toc: false` leaves it out. */
  toc: z.boolean().optional().default(true),
})

export type Frontmatter = z.output<typeof frontmatterSchema>

export class FrontmatterError extends Error {
  constructor(
    readonly file: string,
    readonly fields: string[],
    message: string,
  ) {
    super(message)
    this.name = 'FrontmatterError'
  }
}

/** Parses frontmatter, or throws an error that names the file and every bad field. */
export function parseFrontmatter(file: string, data: unknown): Frontmatter {
  const result = frontmatterSchema.safeParse(data)
  if (result.success) return result.data
  const fields = result.error.issues.map((i) => i.path.join('.') || '(frontmatter)')
  const lines = result.error.issues.map(
    (i) => `  - ${i.path.join('.') || '(frontmatter)'}: ${i.message}`,
  )
  throw new FrontmatterError(file, fields, `Invalid frontmatter in ${file}:\n${lines.join('\n')}`)
}
