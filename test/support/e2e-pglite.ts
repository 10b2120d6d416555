/**
 * Makes the end-to-end server's PGlite folder (the path given) a fresh copy of
 * the migrated template (scripts/test-all.sh, before it seeds the folder):
 * migrating a new folder costs seconds, a copy a fraction, and the specs that
 * start servers of their own copy the same template.
 *   tsx test/support/e2e-pglite.ts <folder>
 */
import { copyMigratedPglite, removePgliteDir } from './databases'

const dir = process.argv[2]
if (!dir) throw new Error('usage: tsx test/support/e2e-pglite.ts <folder>')
removePgliteDir(dir)
await copyMigratedPglite(dir)
