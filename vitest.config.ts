import os from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    // Nothing a test does may connect beyond loopback or look up a name but localhost.
    setupFiles: ['test/support/loopback-only.ts'],
    environment: 'node',
    // Generous: a test must not fail because the machine is busy (a shared
    // 2-core machine at load 20 took a minute to start one script); a hang
    // still fails, in three minutes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest's default leaves a core idle (cores - 1): on a 2-core machine that is
    // one worker. Each file has its own databases, so two run side by side.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      {
        // Plain functions of lib/: no database, no outbox registry. One worker
        // process runs many files without re-importing the modules they share
        // (measured: 31 s of CPU with a process per file, 14 s without).
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        // The data layer and the deploy checks: a PostgreSQL server for the run
        // (unless TEST_POSTGRES_URL names one), and the outbox registry filled
        // as the app's edges fill it at start. Files share worker processes too
        // (measured: 232 s of CPU with a process per file, 144 s without), and
        // test/support/file-start.ts puts back, before each file, what a fresh
        // process would hold: the environment, no app database handle, no
        // listener a test installed, the app's registry.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/deploy/**/*.test.ts'],
          globalSetup: ['test/support/postgres-setup.ts'],
          setupFiles: ['test/support/file-start.ts'],
          isolate: false,
        },
      },
    ],
  },
})
