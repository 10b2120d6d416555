import { readFileSync } from 'node:fs'
import path from 'node:path'

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

/** @type {import('next').NextConfig} */
const nextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  poweredByHeader: false,
  // PGlite loads its wasm and data files relative to its own module at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  // Posts are read at run time too (pages rendered after the build), so ship them with the server.
  outputFileTracingIncludes: { '/**': ['./posts/**/*'] },
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
      {
        source: '/(admin|signin)(.*)',
        headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }],
      },
    ]
  },
}

export default nextConfig
