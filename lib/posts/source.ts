import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import matter from 'gray-matter'
import { parseFrontmatter, type Frontmatter } from './frontmatter'
import { minutesToRead } from './reading-time'
import { resolvePostImage, type ResolvedImage } from './assets'

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export type PostCover = ResolvedImage & {
  alt: string
  credit: { author: string; title: string; url: string }
}

export type PostSummary = Omit<Frontmatter, 'cover'> & {
  slug: string
  minutes: number
  cover?: PostCover
}

export type PostSource = PostSummary & {
  /** The file, relative to the working directory, for error messages. */
  file: string
  /** The post's own folder when it is a folder post. */
  dir: string | null
  /** The MDX body without frontmatter. */
  body: string
}

export type LoadOptions = { postsDir: string; publicDir: string }

type Found = { slug: string; file: string; dir: string | null }

async function findPostFiles(postsDir: string): Promise<Found[]> {
  const entries = await readdir(postsDir, { withFileTypes: true })
  const found: Found[] = []
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.mdx')) {
      found.push({
        slug: entry.name.slice(0, -'.mdx'.length),
        file: path.join(postsDir, entry.name),
        dir: null,
      })
    } else if (entry.isDirectory()) {
      const dir = path.join(postsDir, entry.name)
      const index = path.join(dir, 'index.mdx')
      if (await stat(index).catch(() => null)) found.push({ slug: entry.name, file: index, dir })
    }
  }
  const seen = new Map<string, string>()
  for (const f of found) {
    if (!SLUG_PATTERN.test(f.slug)) {
      throw new Error(`${f.file}: the slug "${f.slug}" must be lowercase words joined by hyphens`)
    }
    const other = seen.get(f.slug)
    if (other) throw new Error(`Two posts share the slug "${f.slug}": ${other} and ${f.file}`)
    seen.set(f.slug, f.file)
  }
  return found
}

/**
 * YAML reads an unquoted 2025-13-45 as a Date and rolls it over to 2026-02-14, so
 * the schema checks the date as it is written whenever the line starts with one.
 */
function writtenDate(parsed: unknown, yaml: string): unknown {
  if (!(parsed instanceof Date)) return parsed
  return /^date:[ \t]*(\d{4}-\d{2}-\d{2})(?![\d-])/m.exec(yaml)?.[1] ?? parsed
}

async function loadOne(found: Found, publicDir: string): Promise<PostSource> {
  const raw = await readFile(found.file, 'utf8')
  const file = path.relative(process.cwd(), found.file) || found.file
  const { data, content, matter: yaml } = matter(raw)
  const { cover, ...front } = parseFrontmatter(file, { ...data, date: writtenDate(data.date, yaml) })
  const resolvedCover: PostCover | undefined = cover && {
    ...(await resolvePostImage({
      src: cover.src,
      slug: found.slug,
      postDir: found.dir,
      publicDir,
      file,
    })),
    alt: cover.alt,
    credit: cover.credit,
  }
  return {
    ...front,
    cover: resolvedCover,
    slug: found.slug,
    minutes: minutesToRead(content),
    file,
    dir: found.dir,
    body: content,
  }
}

/** What lists of posts need: everything but the text and where it lives. */
export function summarize({ file, dir, body, ...summary }: PostSource): PostSummary {
  return summary
}

/** Every post on disk, drafts included, newest first (ties broken by slug). */
export async function loadPostSources(opts: LoadOptions): Promise<PostSource[]> {
  const found = await findPostFiles(opts.postsDir)
  const posts = await Promise.all(found.map((f) => loadOne(f, opts.publicDir)))
  return posts.sort((a, b) =>
    a.date === b.date ? a.slug.localeCompare(b.slug) : a.date < b.date ? 1 : -1,
  )
}
