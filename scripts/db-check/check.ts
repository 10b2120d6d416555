import { checkJournal } from './journal'
import { checkLock } from './lock'
import type { Problem } from './problem'
import { checkSchemaDrift } from './schema-drift'
import { checkSquawk } from './squawk'

export type { Problem } from './problem'

/** Every rule of `npm run db:check` over the tree at `root` (docs/deploying.md). */
export async function checkMigrations(
  root: string,
): Promise<{ problems: Problem[]; unlocked: string[] }> {
  const lock = checkLock(root)
  const problems = [
    ...checkJournal(root),
    ...lock.problems,
    ...checkSquawk(root),
    ...(await checkSchemaDrift(root)),
  ]
  return { problems, unlocked: lock.unlocked }
}
