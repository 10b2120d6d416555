#!/usr/bin/env bash
# Every test the project has, in the order that fails fastest:
# static checks, unit + integration (PGlite, and PostgreSQL when reachable),
# then the production build and the end-to-end suite in Chromium.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# Debian's Chromium: Playwright's own browser download is not reachable here.
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROME_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found at $CHROME_PATH: install it (apt-get install chromium) or set CHROME_PATH." >&2
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
    exit 1
  fi
fi

# The real-PostgreSQL half of the integration suite runs when a server answers.
if [ -z "${TEST_POSTGRES_URL:-}" ] &&
  node -e "require('net').connect(5432,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then
  export TEST_POSTGRES_URL=postgres://postgres:postgres@localhost:5432/postgres
fi

step "types, lint and formatting"
npm run --silent check

step "unit and integration tests (PGlite${TEST_POSTGRES_URL:+ and PostgreSQL via @vercel/postgres})"
npx vitest run

step "production build (with an unreachable database: the build must not need one)"
SITE_URL=http://localhost:3100 POSTGRES_URL=postgres://nobody:nothing@localhost:9/none npm run --silent build

step "end-to-end tests against next start"
rm -rf .data/e2e-pglite
# The moderation queue must stay fast with 100,000 rows: seed them before the server takes the folder.
PGLITE_DIR=.data/e2e-pglite npx tsx scripts/seed-submissions.ts 100000 seeded-load pending
npx playwright test
