/**
 * The one build of `npm test` (scripts/test-all.sh): `vercel build`, which runs
 * `npm run build` with the end-to-end SITE_URL and an unreachable database (the
 * build must not need one). `next start` serves its .next for the end-to-end
 * suite, and test/deploy/vercel-build.test.ts reads its .vercel/output.
 * TypeScript was checked just before, so the build skips its own pass.
 */
import { vercelBuild } from '../test/deploy/vercel-output'
import { E2E_BASE_URL } from '../test/support/server-env'

await vercelBuild({ siteUrl: E2E_BASE_URL, skipTypeCheck: true })
