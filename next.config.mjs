import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'

const isDev = process.env.NODE_ENV === 'development'

/**
 * Slugs of posts with `readerLinks: true`. They are served by the
 * /posts/[slug]/discuss route, which alone imports the form's client code, so
 * every other post ships no JavaScript of ours. (lib/posts validates the same
 * files fully at build; this only needs the one flag.)
 */
function readerLinkSlugs() {
  const dir = path.resolve(process.env.POSTS_DIR || 'posts')
  const slugs = []
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    const file = statSync(full).isDirectory() ? path.join(full, 'index.mdx') : full
    if (!file.endsWith('.mdx')) continue
    let source
    try {
      source = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    if (matter(source).data.readerLinks === true) slugs.push(name.replace(/\.mdx$/, ''))
  }
  return slugs
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
  // Posts are read at run time too (unknown slugs, metadata), so ship them with the server.
  outputFileTracingIncludes: { '/**': ['./posts/**/*'] },
  images: {
    localPatterns: [{ pathname: '/post-assets/**' }],
  },
  experimental: {
    serverActions: { bodySizeLimit: '16kb' },
    authInterrupts: true,
  },
  async rewrites() {
    const slugs = readerLinkSlugs()
    return {
      beforeFiles: slugs.map((slug) => ({
        source: `/posts/${slug}`,
        destination: `/posts/${slug}/discuss`,
      })),
    }
  },
  async redirects() {
    // The internal address of a post with the form is never a second public URL.
    return [{ source: '/posts/:slug/discuss', destination: '/posts/:slug', permanent: true }]
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        source: '/(admin|signin|moderate)(.*)',
        headers: [{ key: 'Cache-Control', value: 'private, no-store, max-age=0' }],
      },
    ]
  },
}

export default nextConfig
