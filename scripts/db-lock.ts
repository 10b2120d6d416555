/**
 * `npm run db:lock`: records the sha256 of every migration not locked yet in
 * drizzle/migrations.lock.json. It never rewrites an entry: a released
 * migration that changed is an error to undo, not a hash to update.
 */
import { checkLock, currentEntries, readLock, writeLock } from './db-check/lock'

const root = process.cwd()
const { problems, unlocked } = checkLock(root)
if (problems.length > 0) {
  for (const p of problems) console.error(`${p.file}: ${p.rule}: ${p.message}`)
  console.error('db:lock: not writing the lock while a locked migration differs from it')
  process.exit(1)
}
const current = currentEntries(root)
const locked = readLock(root).migrations
for (const name of unlocked) locked[name] = current[name]!
writeLock(root, locked)
console.log(
  unlocked.length > 0
    ? `locked ${unlocked.map((n) => `drizzle/${n}`).join(', ')}`
    : 'nothing new to lock',
)
