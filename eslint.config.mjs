import { defineConfig, globalIgnores } from 'eslint/config'
import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `const { omitted, ...rest } = x` is how we drop fields.
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true }],
    },
  },
  globalIgnores([
    '.next/**',
    '.compiled-posts/**',
    '.vercel/**',
    'node_modules/**',
    '.data/**',
    '.cache/**',
    'public/post-assets/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
  ]),
])
