import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const lib = path.resolve(import.meta.dirname, '../../lib')

/** The lib/ folder (or root file) a path under lib/ belongs to: `intake`, `env`, … */
const domainOf = (file: string) => path.relative(lib, file).split(path.sep)[0]!.replace(/\.ts$/, '')

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) yield* sources(full)
    else if (name.endsWith('.ts')) yield full
  }
}

/** Every edge between two lib/ domains, as the relative imports draw them. */
function domainImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>()
  for (const file of sources(lib)) {
    const from = domainOf(file)
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), spec!)
      if (!target.startsWith(lib + path.sep)) continue
      const to = domainOf(target)
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to))
    }
  }
  return edges
}

describe('lib/ layering', () => {
  it('no two lib domains import each other, directly or around a circle', () => {
    const edges = domainImports()
    expect(edges.size).toBeGreaterThan(10)
    const cycles: string[] = []
    const walk = (node: string, trail: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' → '))
        else if (!trail.includes(next) && next > trail[0]!) walk(next, [...trail, next])
      }
    }
    for (const start of edges.keys()) walk(start, [start])
    expect(cycles).toEqual([])
  })

  it('the outbox knows no job: it imports only the database', () => {
    expect([...(domainImports().get('outbox') ?? [])]).toEqual(['db'])
  })
})
