#!/usr/bin/env bash
# Every test the project has, in the order that fails fastest: static checks
# (tsc, ESLint and Prettier side by side, then the migration rules of
# docs/deploying.md), unit + integration (PGlite, and PostgreSQL through the
# production driver), then one build and, on it, the end-to-end suite in
# Chromium beside the check of what `vercel build` ships.
#
# One PostgreSQL for the whole run: an embedded server (test/support/
# postgres-daemon.ts) starts in the background while the static checks run, and
# vitest and Playwright find it in TEST_POSTGRES_URL (unless that names one already).
#
# One build: `vercel build` runs `npm run build` (scripts/test-build.ts); `next
# start` serves its .next and test/deploy reads its .vercel/output. It skips
# Next's own TypeScript pass: tsc has just checked the same tree.
#
# Capacity (1,000-request loads, 100,000-row pages and exports, the 1-second
# cross-instance budget) is measured by `npm run bench`, not here: see docs/testing.md.
#
# Ends with a line of each stage's wall time, then one line, "N passed, N failed",
# counting every test of every suite (a skipped test counts as failed: nothing is
# skipped silently, and a step that fails before its tests ran counts one).
# Exits non-zero if anything failed.
set -uo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."
# The project's tools by name, without `npx` (each npx start cost about a second
# of CPU, measured; the run starts a dozen).
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

REPORTS=.data/test-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
passed=0
failed=0

# Wall time of each stage, printed before the totals, with the CPU time its
# processes used (user + system, from bash's `times`): on a shared machine the
# wall time says how busy it was, the CPU time what the stage cost.
times=()
stage_started=$SECONDS
stage_cpu=0
stage_name=
# Sets CPU to the CPU seconds of every finished child so far. (`times` must run
# in this shell: in a subshell, $(...) or a pipeline, it sees no children.)
CPU=0
cpu_now() {
  times >"$REPORTS/times"
  CPU=$(awk 'NR == 2 { gsub(/[ms]/, " "); printf "%d", $1 * 60 + $2 + $3 * 60 + $4 }' "$REPORTS/times")
}
begin() {
  stage_name=$1
  stage_started=$SECONDS
  cpu_now
  stage_cpu=$CPU
  step "$2"
}
end() {
  cpu_now
  times+=("$stage_name $((SECONDS - stage_started))s (cpu $((CPU - stage_cpu))s)")
}

postgres_pid=
stop_postgres() {
  if [ -n "$postgres_pid" ]; then
    kill "$postgres_pid" 2>/dev/null
    wait "$postgres_pid" 2>/dev/null
    postgres_pid=
  fi
}
trap stop_postgres EXIT

summary() {
  stop_postgres
  cpu_now
  local joined=
  if [ "${#times[@]}" -gt 0 ]; then printf -v joined '%s, ' "${times[@]}"; fi
  printf '\nstage times: %stotal %ss (cpu %ss)\n' "$joined" "$SECONDS" "$CPU"
  printf '%s passed, %s failed\n' "$passed" "$failed"
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

# Debian's Chromium headless shell (Chromium's old headless mode, the build
# Playwright itself uses for headless runs): its own download is not reachable
# here, and the full browser costs about 40% more CPU a spec (measured: a tab-strip
# WebUI renderer of ~1.5 s for every new page).
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium-headless-shell}"
if [ ! -x "$CHROME_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian's chromium-headless-shell"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null
  else
    echo "Chromium's headless shell not found at $CHROME_PATH: install it (apt-get install chromium-headless-shell) or set CHROME_PATH." >&2
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

# The run's PostgreSQL starts now and is ready long before the first test needs it.
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  coproc POSTGRES { exec node --import tsx test/support/postgres-daemon.ts 2>"$REPORTS/postgres.log"; }
  postgres_pid=$POSTGRES_PID
fi

begin check "types, lint and formatting (side by side)"
checks_ok=true
if tsx scripts/write-routes.ts production && next typegen >/dev/null; then
  tsc --noEmit >"$REPORTS/tsc.log" 2>&1 &
  tsc_pid=$!
  eslint . --max-warnings=0 >"$REPORTS/eslint.log" 2>&1 &
  eslint_pid=$!
  prettier --check . >"$REPORTS/prettier.log" 2>&1 &
  prettier_pid=$!
  for tool in tsc eslint prettier; do
    pid_var="${tool}_pid"
    if ! wait "${!pid_var}"; then
      checks_ok=false
      echo "-- $tool failed:"
      cat "$REPORTS/$tool.log"
    fi
  done
else
  checks_ok=false
fi
end
if [ "$checks_ok" != true ]; then
  failed=$((failed + 1))
  summary
  exit 1
fi

step "migrations: locked, linted by squawk, in step with the schema (npm run db:check)"
if ! tsx scripts/db-check.ts; then
  failed=$((failed + 1))
  summary
  exit 1
fi

if [ -n "$postgres_pid" ]; then
  if ! read -r -t 120 url <&"${POSTGRES[0]}"; then
    echo "The embedded PostgreSQL did not start:" >&2
    cat "$REPORTS/postgres.log" >&2
    failed=$((failed + 1))
    summary
    exit 1
  fi
  export TEST_POSTGRES_URL=$url
fi

# Vitest runs beside the build and the end-to-end stage rather than before them:
# alone it keeps both cores busy for ~100 s, while Playwright, waiting on the
# server and the browser in turn, leaves most of a core idle (measured: 1.3 of 2
# cores over its run). Its output is printed when it ends, after the e2e stage.
vitest_started=$SECONDS
( vitest run test/unit test/integration --reporter=default --reporter=json \
    --outputFile.json="$REPORTS/vitest.json" >"$REPORTS/vitest.log" 2>&1
  echo $((SECONDS - vitest_started)) >"$REPORTS/vitest.seconds" ) &
vitest_pid=$!
# Prints vitest's output, counts its report and records its wall time.
finish_vitest() {
  wait "$vitest_pid"
  step "unit and integration tests (PGlite, and PostgreSQL through @vercel/postgres), run beside the build and e2e"
  cat "$REPORTS/vitest.log"
  count vitest "$REPORTS/vitest.json"
  times+=("vitest $(cat "$REPORTS/vitest.seconds" 2>/dev/null || echo '?')s (beside build and e2e)")
}

# The end-to-end server's port is baked into the build (SITE_URL): choose it now,
# one no other suite on this machine holds (3100 when E2E_PORT says so).
if [ -z "${E2E_PORT:-}" ]; then
  if ! E2E_PORT=$(node test/support/free-e2e-port.mjs); then
    failed=$((failed + 1))
    finish_vitest
    summary
    exit 1
  fi
  export E2E_PORT
fi

# The end-to-end server's PGlite folder is made beside the build: a copy of the
# migrated template, with six pages and more of one post's queue
# (e2e/moderation.spec.ts pages through them). 100,000 rows: npm run bench.
rm -rf .data/e2e-pglite .data/e2e-pglite.lock
( tsx test/support/e2e-pglite.ts .data/e2e-pglite &&
    PGLITE_DIR=.data/e2e-pglite tsx scripts/seed-submissions.ts 400 seeded-load pending ) \
  >"$REPORTS/seed.log" 2>&1 &
seed_pid=$!

begin build "one build: vercel build, which runs npm run build (with an unreachable database: the build must not need one)"
if ! tsx scripts/test-build.ts; then
  end
  failed=$((failed + 1))
  finish_vitest
  summary
  exit 1
fi
end

begin e2e "end-to-end tests against next start, and what vercel build wrote"
TEST_VERCEL_OUTPUT=prebuilt vitest run test/deploy --reporter=json \
  --outputFile.json="$REPORTS/vercel.json" >"$REPORTS/vercel.log" 2>&1 &
vercel_pid=$!
if wait "$seed_pid"; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" playwright test
  count playwright "$REPORTS/playwright.json"
else
  echo "-- seeding the end-to-end database failed:"
  cat "$REPORTS/seed.log"
  failed=$((failed + 1))
fi
wait "$vercel_pid"
step "what vercel build ships and routes (test/deploy)"
cat "$REPORTS/vercel.log"
count vitest "$REPORTS/vercel.json"
end

finish_vitest
summary
