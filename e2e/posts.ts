import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'

/**
 * What the posts folder says, read straight from the files, so the tests know
 * which posts the site must show without asking the site.
 */
export type PostFixture = {
  slug: string
  title: string
  date: string
  tags: string[]
  draft: boolean
  readerLinks: boolean
  cover?: { alt: string; credit: { author: string; title: string; url: string } }
}

const POSTS_DIR = path.join(process.cwd(), 'posts')

function isoDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}

function load(): PostFixture[] {
  const posts: PostFixture[] = []
  for (const entry of readdirSync(POSTS_DIR)) {
    const full = path.join(POSTS_DIR, entry)
    let file: string
    let slug: string
    if (entry.endsWith('.mdx')) {
      file = full
      slug = entry.slice(0, -'.mdx'.length)
    } else if (statSync(full).isDirectory()) {
      file = path.join(full, 'index.mdx')
      slug = entry
    } else {
      continue
    }
    const { data } = matter(readFileSync(file, 'utf8'))
    posts.push({
      slug,
      title: String(data.title),
      date: isoDate(data.date),
      tags: (data.tags as string[] | undefined) ?? [],
      draft: data.draft === true,
      readerLinks: data.readerLinks === true,
      cover: data.cover as PostFixture['cover'],
    })
  }
  // Newest first, ties by slug: the order the site lists them in.
  return posts.sort((a, b) =>
    a.date === b.date ? a.slug.localeCompare(b.slug) : a.date < b.date ? 1 : -1,
  )
}

export const ALL_POSTS = load()
export const PUBLISHED = ALL_POSTS.filter((p) => !p.draft)
export const DRAFTS = ALL_POSTS.filter((p) => p.draft)

export function post(slug: string): PostFixture {
  const found = ALL_POSTS.find((p) => p.slug === slug)
  if (!found) throw new Error(`No post ${slug} in posts/`)
  return found
}

export const PER_PAGE = 10
export const DRAFT_SLUG = 'unfinished-thoughts-on-mutation-testing'
export const CODE_POST = 'red-green-refactor-walkthrough'
export const COVER_POST = 'the-painting-on-the-wall'
export const FORM_POST = 'writing-about-failures'

/** Post dates as the site prints them: "19 November 2024". */
export const formatDate = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`))
