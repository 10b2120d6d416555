import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const isDev = process.env.NODE_ENV === 'development'

/**
 * The routes lib/posts decided (which posts, tags and listing pages exist; which
 * posts take reader links), written by scripts/write-routes.ts before every dev
 * and build run. This file only reads them: it parses no post itself.
 */
function generatedRoutes() {
  const file = path.resolve('.generated/routes.json')
  let routes
  try {
    routes = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new Error(
      `${file} is missing: run \`npm run build\` or \`npm run dev\` (their pre-step writes it), or \`npm run routes\`.`,
    )
  }
  const postsDir = path.resolve(process.env.POSTS_DIR || 'posts')
  if (routes.postsDir !== postsDir) {
    throw new Error(
      `${file} was written for ${routes.postsDir}, not ${postsDir}: run \`npm run routes\` with this POSTS_DIR.`,
    )
  }
  return routes
}

/**
 * The Webmention endpoint as posts advertise it: absolute when SITE_URL is known
 * at build, otherwise relative (a sender resolves it against the post's URL).
 */
function webmentionEndpoint() {
  const site = process.env.SITE_URL
  return site ? new URL('/webmention', site).href : '/webmention'
}

/**
 * No 'unsafe-eval': posts are compiled and evaluated on the server, so no MDX
 * code runs in the browser. Inline scripts stay allowed because the App Router
 * streams its payload in inline scripts and statically rendered pages cannot
 * carry a per-request nonce.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  `connect-src 'self'${isDev ? ' ws:' : ''}`,
  "form-action 'self' https://github.com",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ')

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ...(isDev
    ? []
    : [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]),
]

/**
 * Files no function needs, decided by the environment of the build:
 * - PGlite (wasm and data, ~15 MB) when the build targets PostgreSQL;
 * - sharp (libvips, ~18 MB) on Vercel, whose platform optimizes images.
 * `next start` runs from the project's own node_modules and ignores this; only
 * deployed functions (.vercel/output) are traced this way.
 */
const tracingExcludes = [
  // Turbopack links external packages into .next/node_modules under a hashed
  // name, and the traces list that link: exclude both.
  ...(process.env.POSTGRES_URL
    ? ['node_modules/@electric-sql/pglite/**', '.next/node_modules/@electric-sql/pglite*']
    : []),
  ...(process.env.VERCEL ? ['node_modules/sharp/**', 'node_modules/@img/**'] : []),
]

/**
 * Self-hosted, every instance keeps its own 'use cache: remote' entries, and
 * tag invalidations reach all of them through PostgreSQL (cache-handlers/remote.mjs,
 * lib/cache). On Vercel the platform's shared handler stays.
 */
const cacheHandlers = process.env.VERCEL
  ? undefined
  : { remote: fileURLToPath(new URL('./cache-handlers/remote.mjs', import.meta.url)) }

/** @type {import('next').NextConfig} */
const nextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` on the whole tree before it builds
  // (scripts/test-all.sh sets NEXT_SKIP_TYPECHECK for its build only): checking the
  // same files again inside `next build` costs a minute and finds nothing new.
  // Every other build, production included, still fails on a type error.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
  // PGlite loads its wasm and data files relative to its own module at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  // Posts are read at run time too (unknown slugs, metadata), so ship them with
  // the server, with their code as compiled before the build (lib/posts/built.ts).
  outputFileTracingIncludes: { '/**': ['./posts/**/*', './.compiled-posts/*'] },
  outputFileTracingExcludes: tracingExcludes.length > 0 ? { '/**': tracingExcludes } : undefined,
  cacheHandlers,
  images: {
    localPatterns: [{ pathname: '/post-assets/**' }],
  },
  experimental: {
    serverActions: { bodySizeLimit: '16kb' },
    authInterrupts: true,
  },
  // Posts with the reader-link form are served by /posts/[slug]/discuss (the only
  // route that ships the form's JavaScript), and unknown posts, tags and listing
  // pages are rewritten to a path no route matches, for a real 404 status: see
  // routeRewrites() in lib/posts/routes.ts.
  async rewrites() {
    return generatedRoutes().rewrites
  },
  async redirects() {
    // The internal address of a post with the form is never a second public URL.
    return [{ source: '/posts/:slug/discuss', destination: '/posts/:slug', permanent: true }]
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // Webmention discovery (W3C Webmention, 3.1.2) for the posts that take reader links.
      ...generatedRoutes().table.readerLinkSlugs.map((slug) => ({
        source: `/posts/${slug}`,
        headers: [{ key: 'Link', value: `<${webmentionEndpoint()}>; rel="webmention"` }],
      })),
      // A reader's private status page is a capability URL (app/links/status/[token]):
      // its token must never leave in a Referer, nor its page be indexed or cached.
      {
        source: '/links/status/:token*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
          { key: 'Cache-Control', value: 'private, no-store, max-age=0' },
        ],
      },
      {
        source: '/(admin|signin|moderate)(.*)',
        headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }],
      },
    ]
  },
}

export default nextConfig
