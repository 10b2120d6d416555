/**
 * The deploy target, built as a new user would: `vercel build` (CLI pinned in
 * devDependencies) with POSTGRES_URL set to a database nobody can reach (the
 * build needs none). Then .vercel/output says which requests run the proxy or
 * a function, and what each function ships.
 *
 * It runs `next build` in this folder, so it replaces .next. scripts/test-all.sh
 * builds once, through `vercel build` (scripts/test-build.ts), and runs this file
 * with TEST_VERCEL_OUTPUT=prebuilt to read that output beside the end-to-end suite.
 */
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadPostSources } from '@/lib/posts/source'
import {
  functions,
  middlewareRoutes,
  readOutput,
  resolve,
  type FunctionInfo,
  type Output,
  vercelBuild,
} from './vercel-output'

const ROOT = path.resolve(import.meta.dirname, '../..')
const MB = 1024 * 1024
const BUDGET_BYTES = 25 * MB

let output: Output
let fns: FunctionInfo[]

beforeAll(async () => {
  if (process.env.TEST_VERCEL_OUTPUT !== 'prebuilt') await vercelBuild()
  output = readOutput(ROOT)
  fns = functions(output)
}, 900_000)

async function pageViews(): Promise<string[]> {
  const posts = (
    await loadPostSources({
      postsDir: path.join(ROOT, 'posts'),
      publicDir: path.join(ROOT, 'public'),
    })
  ).filter((p) => !p.draft)
  const tags = [...new Set(posts.flatMap((p) => p.tags))]
  return [
    '/',
    '/about',
    '/tags',
    '/page/1',
    '/page/2',
    '/feed.xml',
    '/sitemap.xml',
    '/robots.txt',
    ...tags.map((t) => `/tags/${encodeURIComponent(t)}`),
    ...posts.filter((p) => !p.readerLinks).map((p) => `/posts/${p.slug}`),
    ...posts.map((p) => `/posts/${p.slug}/opengraph-image`),
  ]
}

describe('vercel build', () => {
  it('runs neither the proxy nor a function for a page view of a static page', async () => {
    const views = await pageViews()
    expect(views.length).toBeGreaterThan(20)
    for (const view of views) {
      expect(middlewareRoutes(output, view), `proxy on GET ${view}`).toEqual([])
      expect(resolve(output, view), `GET ${view}`).toMatchObject({ by: 'cdn' })
    }
  })

  it('still runs the proxy for a POST and for the admin area', () => {
    const post = { host: 'example.com', 'content-type': 'multipart/form-data; boundary=x' }
    expect(middlewareRoutes(output, '/posts/writing-about-failures', post)).not.toEqual([])
    expect(
      middlewareRoutes(output, '/', { host: 'example.com', 'content-length': '10' }),
    ).not.toEqual([])
    expect(middlewareRoutes(output, '/admin')).not.toEqual([])
    expect(middlewareRoutes(output, '/admin/anything')).not.toEqual([])
    // The answer to a form posted without JavaScript, shown once (proxy.ts).
    const answer = { host: 'example.com', cookie: 'theme=x; rgr-link-form=eyJ9' }
    expect(middlewareRoutes(output, '/posts/writing-about-failures', answer)).not.toEqual([])
  })

  it("prerenders the refused one-click links' pages, which the proxy sends with their 4xx", () => {
    for (const reason of ['malformed', 'forged', 'expired', 'wrong-action', 'unconfigured']) {
      expect(resolve(output, `/moderate/refused/${reason}`), reason).toMatchObject({ by: 'cdn' })
    }
    // Measured with vercel 58.10.0 and next 16.4.6: the proxy's function does not
    // ship the build's pages, so there it sends lib/notify/refusal-page.ts's plain page.
    const proxyFn = fns.find((f) => f.names.includes('_middleware.func'))
    const ships = proxyFn?.files.some((f) => f.startsWith('.next/server/app/moderate/refused/'))
    console.log(
      `proxy function ships the refusal pages: ${ships ? 'yes' : 'no (the plain page there)'}`,
    )
  })

  it('ships the server action list with the functions that run actions; the proxy runs without it', () => {
    // proxy.ts answers an unknown Next-Action id 404 from this file, where
    // `next start` has it; a function without it lets every id through to Next
    // (409 for an unknown one), see lib/http/action-ids.ts.
    const MANIFEST = '.next/server/server-reference-manifest.json'
    for (const name of ['posts/[slug]/discuss.func', 'admin.func']) {
      const fn = fns.find((f) => f.names.includes(name))
      expect(fn?.files, name).toContain(MANIFEST)
    }
    // Measured with vercel 58.10.0 and next 16.4.6: the proxy's function does not
    // ship it. If it ever does, unknown ids get their 404 on Vercel too.
    const proxyFn = fns.find((f) => f.names.includes('_middleware.func'))
    expect(proxyFn, 'the proxy function').toBeDefined()
    console.log(
      `proxy function ships ${MANIFEST}: ${proxyFn?.files.includes(MANIFEST) ? 'yes' : "no (unknown action ids get Next's 409 there)"}`,
    )
  })

  it('never answers an unknown post, tag or page with a static page', () => {
    // Either a 404 route or the dynamic route, whose page answers not-found (the
    // end-to-end suite checks the status under next start).
    for (const unknown of ['/posts/no-such-post', '/tags/no-such-tag', '/page/999', '/nothing']) {
      const answer = resolve(output, unknown)
      expect(answer.by === 'status' ? answer.status : answer.by, unknown).not.toBe('cdn')
      if (answer.by === 'function') expect(answer.output, unknown).toMatch(/\[(slug|tag|page)\]/)
    }
  })

  it('ships no MDX compiler, PGlite or sharp in any function', () => {
    const forbidden = [
      /node_modules\/esbuild\//,
      /node_modules\/@esbuild\//,
      // The compiler; mdx-bundler/client (getMDXComponent, a few lines) is what renders.
      /node_modules\/mdx-bundler\/dist\/(?!client\/|package\.json$)/,
      /node_modules\/(@shikijs|shiki)\//,
      /node_modules\/rehype-pretty-code\//,
      /pglite/,
      /node_modules\/(sharp|@img)\//,
    ]
    for (const fn of fns) {
      for (const pattern of forbidden) {
        const found = fn.files.filter((f) => pattern.test(f))
        expect(found, `${fn.names[0]} ships ${pattern}`).toEqual([])
      }
    }
  })

  it(`keeps the largest function within ${BUDGET_BYTES / MB} MB unzipped`, () => {
    const largest = fns[0]!
    console.log(
      'functions:\n' +
        fns
          .map(
            (f) =>
              `  ${(f.bytes / MB).toFixed(1)} MB  ${f.names.length} outputs, e.g. ${f.names[0]}`,
          )
          .join('\n'),
    )
    expect(largest.bytes).toBeLessThanOrEqual(BUDGET_BYTES)
  })
})
