const isDev = process.env.NODE_ENV === 'development'

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
