/**
 * `npm run db:check`: fails, naming the file and the rule, when a released
 * migration changed, when squawk flags a migration newer than the baseline, or
 * when lib/db/schema.ts and drizzle/ disagree. Checks the tree it is run in.
 */
import { checkMigrations } from './db-check/check'

const { problems, unlocked } = await checkMigrations(process.cwd())
for (const name of unlocked) {
  console.log(`note: drizzle/${name} is not locked yet; run npm run db:lock when it is released`)
}
for (const p of problems) console.error(`${p.file}: ${p.rule}: ${p.message}`)
if (problems.length > 0) {
  console.error(`db:check: ${problems.length} problem(s); see docs/deploying.md, "Migration rules"`)
  process.exitCode = 1
} else {
  console.log('db:check: migrations locked, linted and in step with lib/db/schema.ts')
}
