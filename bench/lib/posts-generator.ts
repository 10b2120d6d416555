import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

const TAGS = [
  'testing',
  'tdd',
  'typescript',
  'refactoring',
  'databases',
  'career',
  'writing',
  'tooling',
  'performance',
  'design',
  'review',
  'ci',
]

const WORDS =
  'test spec red green refactor small step commit review failure lesson database query index cache build deploy rollback module function type error edge case fixture mock contract behaviour reader story habit feedback loop design change'.split(
    ' ',
  )

/** Deterministic prose: the same post number always gives the same text. */
function sentence(seed: number, length: number): string {
  const words: string[] = []
  for (let i = 0; i < length; i++) words.push(WORDS[(seed * 31 + i * 17 + i * i) % WORDS.length]!)
  const text = words.join(' ')
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`
}

function paragraph(seed: number): string {
  return Array.from({ length: 5 }, (_, i) => sentence(seed + i * 7, 9 + ((seed + i) % 8))).join(' ')
}

const CODE = (n: number) => `\`\`\`ts
// step-${n}.test.ts
import { describe, expect, it } from 'vitest'
import { slugify } from './slugify'

describe('slugify, step ${n}', () => {
  it('joins words with hyphens', () => {
    expect(slugify('Hello World ${n}')).toBe('hello-world-${n}')
  })
})

export function slugify(input: string): string {
  return input
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}
\`\`\``

export const generatedSlug = (n: number) => `generated-post-${String(n).padStart(4, '0')}`

/** Post n: about 450 words in three sections; a code block in every other post; the
 * form (readerLinks) on post 1 and every 100th after it. Post 1 has both. */
export function generatedPost(n: number): string {
  const day = new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
  const tags = [...new Set([TAGS[n % TAGS.length]!, TAGS[(n * 7 + 3) % TAGS.length]!])]
  const readerLinks = n % 100 === 1
  const body = [
    paragraph(n),
    `## What happened in part ${n}`,
    paragraph(n + 1),
    paragraph(n + 2),
    n % 2 === 1 ? CODE(n) : `- ${sentence(n, 6)}\n- ${sentence(n + 3, 7)}\n- ${sentence(n + 5, 5)}`,
    '## What I would do again',
    paragraph(n + 3),
    `> ${sentence(n + 4, 12)}`,
    '## What I would change',
    paragraph(n + 5),
  ].join('\n\n')
  return `---
title: "Generated post ${n}: ${sentence(n, 4).slice(0, -1)}"
date: ${day}
description: "A generated post for the build-scaling benchmark, number ${n}, with sections${n % 2 === 1 ? ' and code' : ''}."
tags: [${tags.join(', ')}]
${readerLinks ? 'readerLinks: true\n' : ''}---

${body}
`
}

/** Writes n posts into a fresh folder. */
export async function generatePosts(dir: string, n: number): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  for (let i = 1; i <= n; i++) {
    await writeFile(path.join(dir, `${generatedSlug(i)}.mdx`), generatedPost(i))
  }
}
