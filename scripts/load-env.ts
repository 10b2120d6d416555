/**
 * Imported first by every command-line script (npm run jobs, links:check,
 * db:migrate, seed): loads the .env* files with Next's own loader, in Next's
 * order (.env.$(NODE_ENV).local, .env.local, .env.$(NODE_ENV), .env), so a
 * script sees exactly the configuration `next dev` (or, with
 * NODE_ENV=production, `next start`) sees. Variables already set win.
 */
import nextEnv from '@next/env'

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production', {
  info: () => {},
  error: (...args: unknown[]) => console.error(...args),
})
