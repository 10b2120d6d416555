import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// With Partial Prefetching, one App Shell serves every link to a dynamic route,
// so a page that awaits `params` outside <Suspense> makes `next dev` print
// "Next.js encountered URL data during prerendering" on its first view (the
// build does not check it). Starting `next dev` in a test costs a minute of
// compiling; this reads the source instead. A page under a [param] folder
// either says it may block (`export const instant = false`) or has a
// synchronous default export, which cannot await `params` itself: it hands
// them to a component below a Suspense boundary (app/posts/[slug]/page.tsx).

const appDir = path.resolve(import.meta.dirname, '../../app')

function dynamicPages(dir: string, dynamic = false): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory())
      found.push(...dynamicPages(full, dynamic || entry.name.startsWith('[')))
    else if (dynamic && entry.name === 'page.tsx') found.push(full)
  }
  return found
}

type PageShape = { blocks: boolean; asyncDefault: boolean }

/** Whether a page's source opts out (`instant = false`) and whether its default export is async. */
function shapeOf(text: string): PageShape {
  const source = ts.createSourceFile(
    'page.tsx',
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  )
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  const isDefault = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
  const isAsync = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)
  let blocks = false
  let asyncDefault = false
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (
          ts.isIdentifier(d.name) &&
          d.name.text === 'instant' &&
          d.initializer?.kind === ts.SyntaxKind.FalseKeyword
        )
          blocks = true
      }
    }
    if (ts.isFunctionDeclaration(statement) && exported(statement) && isDefault(statement)) {
      asyncDefault = isAsync(statement)
    }
  }
  return { blocks, asyncDefault }
}

describe('pages of dynamic routes read params below a Suspense boundary', () => {
  const pages = dynamicPages(appDir)

  it('finds the dynamic pages (posts, tags, listing pages)', () => {
    const names = pages.map((p) => path.relative(appDir, p))
    expect(names).toEqual(
      expect.arrayContaining([
        path.join('posts', '[slug]', 'page.tsx'),
        path.join('tags', '[tag]', 'page.tsx'),
        path.join('page', '[page]', 'page.tsx'),
      ]),
    )
  })

  it.each(pages.map((p) => [path.relative(appDir, p), p]))(
    '%s: instant = false, or a synchronous default export',
    (_name, file) => {
      const shape = shapeOf(readFileSync(file, 'utf8'))
      expect(
        shape.blocks || !shape.asyncDefault,
        'an async default export that may await params outside <Suspense>',
      ).toBe(true)
    },
  )

  it('tells the shapes apart', () => {
    expect(shapeOf('export default async function P({ params }) { await params }')).toEqual({
      blocks: false,
      asyncDefault: true,
    })
    expect(
      shapeOf('export const instant = false\nexport default async function P() { return null }'),
    ).toEqual({ blocks: true, asyncDefault: true })
    expect(
      shapeOf('export default function P({ params }) { return <S><Inner params={params} /></S> }'),
    ).toEqual({ blocks: false, asyncDefault: false })
  })
})
