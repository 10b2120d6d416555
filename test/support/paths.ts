import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (test/support/../..), whatever the working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** `next` itself: started with node directly, so the PID we hold is the server's. */
export const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next')
