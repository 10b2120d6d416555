import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

/** A temporary posts folder (and public folder) that a test fills and then removes. */
export type TempPosts = {
  root: string
  postsDir: string
  publicDir: string
  /** Writes `posts/<name>` (e.g. "a.mdx" or "b/index.mdx"), creating folders; returns the path. */
  write: (name: string, text: string) => Promise<string>
  /** Writes a real PNG of the given size at `posts/<name>`; returns the path. */
  png: (name: string, width: number, height: number) => Promise<string>
  cleanup: () => Promise<void>
}

export async function makeTempPosts(): Promise<TempPosts> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'rgr-posts-'))
  const postsDir = path.join(root, 'posts')
  const publicDir = path.join(root, 'public')
  await mkdir(postsDir, { recursive: true })
  await mkdir(publicDir, { recursive: true })
  const target = async (name: string) => {
    const file = path.join(postsDir, name)
    await mkdir(path.dirname(file), { recursive: true })
    return file
  }
  return {
    root,
    postsDir,
    publicDir,
    async write(name, text) {
      const file = await target(name)
      await writeFile(file, text)
      return file
    },
    async png(name, width, height) {
      const file = await target(name)
      await writeFile(file, await pngBuffer(width, height))
      return file
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
}

export function pngBuffer(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } },
  })
    .png()
    .toBuffer()
}

type PostFields = {
  title?: string
  date?: string
  description?: string
  tags?: string
  draft?: boolean
  extra?: string
}

/** An MDX file with valid frontmatter unless a field is overridden; values are raw YAML. */
export function mdx(fields: PostFields = {}, body = 'Some words in the body.\n'): string {
  const lines = [
    `title: ${fields.title ?? '"A post"'}`,
    `date: ${fields.date ?? '2025-01-15'}`,
    `description: ${fields.description ?? '"A description that is long enough to pass."'}`,
    `tags: ${fields.tags ?? '[testing]'}`,
  ]
  if (fields.draft !== undefined) lines.push(`draft: ${fields.draft}`)
  if (fields.extra) lines.push(fields.extra)
  return `---\n${lines.join('\n')}\n---\n\n${body}`
}
