import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import GithubSlugger from 'github-slugger'
import type { Nodes } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { toString } from 'mdast-util-to-string'
import { afterAll, describe, expect, it } from 'vitest'

// Every relative link in the README and docs/ must lead somewhere: to a file
// of the repository and, when it names a heading (`file.md#anchor`), to a
// heading of that file, slugged as GitHub slugs it.

const root = path.resolve(import.meta.dirname, '../..')

function urlsIn(tree: Nodes): string[] {
  const urls: string[] = []
  const walk = (node: Nodes) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      urls.push(node.url)
    }
    if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(tree)
  return urls
}

function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger()
  const anchors = new Set<string>()
  const walk = (node: Nodes) => {
    if (node.type === 'heading') anchors.add(slugger.slug(toString(node)))
    else if ('children' in node) for (const child of node.children) walk(child)
  }
  walk(fromMarkdown(markdown))
  return anchors
}

/** The relative links of one Markdown file that lead nowhere, each with the reason. */
function brokenLinks(file: string): string[] {
  const broken: string[] = []
  for (const url of urlsIn(fromMarkdown(readFileSync(file, 'utf8')))) {
    // Absolute URLs (https:, mailto:) and protocol-relative ones are not ours to check.
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue
    const hash = url.indexOf('#')
    const target = decodeURIComponent(hash === -1 ? url : url.slice(0, hash))
    const anchor = hash === -1 ? '' : decodeURIComponent(url.slice(hash + 1))
    const resolved = target === '' ? file : path.resolve(path.dirname(file), target)
    if (!existsSync(resolved)) {
      broken.push(`${url}: no file ${path.relative(root, resolved)}`)
      continue
    }
    if (anchor === '') continue
    if (!resolved.endsWith('.md') || statSync(resolved).isDirectory()) {
      broken.push(`${url}: an anchor into a file that is not Markdown`)
    } else if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push(`${url}: no heading #${anchor} in ${path.relative(root, resolved)}`)
    }
  }
  return broken
}

const docs = readdirSync(path.join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => path.join('docs', name))

describe('relative links in the README and docs/', () => {
  it('covers the README and at least the docs index', () => {
    expect(docs).toContain(path.join('docs', 'README.md'))
  })

  it.each(['README.md', ...docs])('%s links only to files and headings that exist', (file) => {
    expect(brokenLinks(path.join(root, file))).toEqual([])
  })
})

describe('brokenLinks', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docs-links-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reports a missing file and a missing heading, and accepts the rest', () => {
    writeFileSync(
      path.join(dir, 'other.md'),
      '# Other\n\n## Signing in as the author\n\n## Signing in as the author\n',
    )
    writeFileSync(
      path.join(dir, 'page.md'),
      [
        '# Page',
        '',
        '## Local `heading`, with: punctuation',
        '',
        '[ok](other.md) [ok](other.md#signing-in-as-the-author-1) [ok](#local-heading-with-punctuation)',
        '[ok](https://example.com/nowhere.md) ![ok](./other.md)',
        '[missing file](gone.md) [missing heading](other.md#nowhere) [missing here](#nope)',
        '',
        '```md',
        '[inside code is not a link](ignored.md)',
        '```',
        '',
        '[ref]: ./gone-too.md',
      ].join('\n'),
    )
    expect(brokenLinks(path.join(dir, 'page.md'))).toEqual([
      expect.stringMatching(/^gone\.md: no file /),
      expect.stringMatching(/^other\.md#nowhere: no heading #nowhere /),
      expect.stringMatching(/^#nope: no heading #nope /),
      expect.stringMatching(/^\.\/gone-too\.md: no file /),
    ])
  })
})
