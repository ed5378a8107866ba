#!/usr/bin/env bash
# Runs every test (arguments, e.g. --filter NAME, are passed to `swift test`). Expects
# scripts/setup.sh to have run (ONNX Runtime, vocabularies, models).
# Starts a throw-away PostgreSQL + pgvector server (scripts/postgres.sh) for the Postgres
# vector store's tests and stops it on exit, also when the tests fail; with
# GLIMPSE_TEST_REQUIRE_POSTGRES=1 those tests fail rather than skip if the server is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 scripts/check_imports.py   # every target declares the modules it imports
bash scripts/fetch_onnxruntime.sh >/dev/null 2>&1 || true   # re-links the header in a fresh clone
swift build --build-tests 2>&1 | { grep -vE 'prohibited flag' || true; }
PG_RUN="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-postgres.XXXXXX")"
trap 'bash scripts/postgres.sh stop "$PG_RUN"' EXIT
GLIMPSE_TEST_POSTGRES_URL="$(bash scripts/postgres.sh start "$PG_RUN")"
export GLIMPSE_TEST_POSTGRES_URL GLIMPSE_TEST_REQUIRE_POSTGRES=1
if [ $# -gt 0 ]; then exec swift test --skip-build "$@"; fi

# Everything, in two processes side by side: the command-line tests (GlimpseCLITests) each
# block a thread while the `glimpse` they started runs, and in one process with the in-process
# server tests they took every thread of its cooperative pool (as many as the cores), so the
# server tests' own timeouts fired. Each process has a pool of its own.
TESTS="$(swift build --show-bin-path)/GlimpsePackageTests.xctest"
"$TESTS" --testing-library swift-testing --filter GlimpseCLITests >"$PG_RUN/cli-tests.log" 2>&1 &
CLI_TESTS=$!
set +e
"$TESTS" --testing-library swift-testing --skip GlimpseCLITests
OTHERS=$?
wait "$CLI_TESTS"
CLI=$?
set -e
echo "--- the command-line tests (GlimpseCLITests), run beside the others:"
cat "$PG_RUN/cli-tests.log"
echo "test processes: GlimpseCLITests exit $CLI, the others exit $OTHERS"
[ "$CLI" -eq 0 ] && [ "$OTHERS" -eq 0 ]
