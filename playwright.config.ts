import os from 'node:os'
import { defineConfig, devices } from '@playwright/test'
import { E2E_BASE_URL, E2E_PORT, serverEnv } from './test/support/server-env'

/** Specs with long serial parts (measured: 1 to 3 minutes each on 2 cores). */
const LONG_SPECS = [
  '**/resilience/load.spec.ts',
  '**/resilience/restart.spec.ts',
  '**/instances.spec.ts',
  '**/github-signin.spec.ts',
  '**/abuse-controls.spec.ts',
  '**/author-identity.spec.ts',
]

/**
 * End-to-end tests run against the production build (`npm run build` first;
 * scripts/test-all.sh does it) in Debian's Chromium headless shell
 * (chromium-headless-shell, the old headless mode Playwright itself uses for
 * headless runs; its own browser download is not reachable here).
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  // Playwright's default is half the cores: one worker on a 2-core machine. Two
  // keep both cores busy (the server and Chromium work while a test waits);
  // measured, a third made each test slower and the suite no shorter (271 s both).
  workers: Number(process.env.PLAYWRIGHT_WORKERS) || Math.max(2, os.availableParallelism()),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The list as it goes; PLAYWRIGHT_JSON_OUTPUT_NAME (scripts/test-all.sh) adds a JSON report to count from.
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  // A PostgreSQL server for the resilience specs, unless TEST_POSTGRES_URL names one.
  globalSetup: './test/support/postgres-setup.ts',
  use: {
    baseURL: E2E_BASE_URL,
    // No traces by default: recording one for every test (to keep those that
    // fail) cost a quarter of the suite's CPU (measured on blog and reader-links:
    // 106 s against 79 s). A failure keeps a screenshot; for a trace, run the
    // spec again with `npx playwright test --trace retain-on-failure`.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium-headless-shell',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // The GPU work (software compositing) in the browser process rather than a
        // process of its own: about 10% less CPU per spec, measured.
        '--in-process-gpu',
      ],
    },
  },
  // Workers take tests in project order. The long specs that must run serially
  // (each on one worker, most with servers of their own) go first, so the
  // short ones fill the other worker meanwhile instead of one worker finishing
  // alone at the end.
  projects: [
    { name: 'long', testMatch: LONG_SPECS, use: { ...devices['Desktop Chrome'] } },
    { name: 'chromium', testIgnore: LONG_SPECS, use: { ...devices['Desktop Chrome'] } },
  ],
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${E2E_PORT}`,
    url: `${E2E_BASE_URL}/about`,
    env: serverEnv,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
