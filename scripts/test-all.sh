#!/usr/bin/env bash
# Every test the project has, in the order that fails fastest: static checks
# (types, lint, formatting, then the migration rules of docs/deploying.md),
# unit + integration (PGlite and PostgreSQL), then the production build and the
# end-to-end suite in Chromium. PostgreSQL comes with the tests: vitest and
# Playwright each start an embedded server for their run (test/support/
# postgres-setup.ts) unless TEST_POSTGRES_URL names one.
#
# Ends with one line, "N passed, N failed", counting every test of every suite
# (a skipped test counts as failed: nothing is skipped silently, and a step that
# fails before its tests ran counts one). Exits non-zero if anything failed.
set -uo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

REPORTS=.data/test-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
passed=0
failed=0

summary() {
  printf '\n%s passed, %s failed\n' "$passed" "$failed"
  [ "$failed" -eq 0 ]
}

# Adds a JSON report's counts (vitest's or Playwright's) to the totals.
count() {
  local counts
  counts=$(node -e '
    const fs = require("fs")
    const [kind, file] = process.argv.slice(1)
    let r
    try { r = JSON.parse(fs.readFileSync(file, "utf8")) } catch { console.log("0 1"); process.exit() }
    if (kind === "vitest") {
      const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
      console.log(`${r.numPassedTests} ${r.numFailedTests + skipped}`)
    } else {
      const s = r.stats
      console.log(`${s.expected + s.flaky} ${s.unexpected + s.skipped + (r.errors?.length ? 1 : 0)}`)
    }' "$1" "$2")
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

# Debian's Chromium: Playwright's own browser download is not reachable here.
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROME_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found at $CHROME_PATH: install it (apt-get install chromium) or set CHROME_PATH." >&2
    failed=$((failed + 1))
    summary
    exit 1
  fi
fi

# The Nu Html Checker (e2e/html-checker.spec.ts, from the vnu-jar package) runs on Java 8+.
if ! command -v java >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian's Java runtime for the HTML checker"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "Java not found: the HTML checker needs it (apt-get install default-jre-headless)." >&2
    failed=$((failed + 1))
    summary
    exit 1
  fi
fi

step "types, lint and formatting"
if ! npm run --silent check; then
  failed=$((failed + 1))
  summary
  exit 1
fi

step "migrations: locked, linted by squawk, in step with the schema (npm run db:check)"
if ! npm run --silent db:check; then
  failed=$((failed + 1))
  summary
  exit 1
fi

step "unit and integration tests (PGlite, and PostgreSQL through @vercel/postgres)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"
count vitest "$REPORTS/vitest.json"

step "production build (with an unreachable database: the build must not need one)"
if ! SITE_URL="http://localhost:${E2E_PORT:-3100}" POSTGRES_URL=postgres://nobody:nothing@localhost:9/none \
  npm run --silent build; then
  failed=$((failed + 1))
  summary
  exit 1
fi

step "end-to-end tests against next start"
rm -rf .data/e2e-pglite .data/e2e-pglite.lock
# The moderation queue must stay fast with 100,000 rows: seed them before the server takes the folder.
if PGLITE_DIR=.data/e2e-pglite npx tsx scripts/seed-submissions.ts 100000 seeded-load pending; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" npx playwright test
  count playwright "$REPORTS/playwright.json"
else
  failed=$((failed + 1))
fi

summary
