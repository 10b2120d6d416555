import os from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['test/**/*.test.ts'],
    // A PostgreSQL server for the run, unless TEST_POSTGRES_URL names one.
    globalSetup: ['test/support/postgres-setup.ts'],
    // Nothing a test does may connect beyond loopback; the outbox registry is filled as at start.
    setupFiles: ['test/support/loopback-only.ts', 'test/support/install-jobs.ts'],
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
  },
})
