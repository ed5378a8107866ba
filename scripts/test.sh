#!/usr/bin/env bash
# Runs every test. Expects scripts/setup.sh to have run (ONNX Runtime, vocabularies, models).
# Starts a throw-away PostgreSQL + pgvector server (scripts/postgres.sh) for the Postgres
# vector store's tests and stops it on exit, also when the tests fail; with
# GLIMPSE_TEST_REQUIRE_POSTGRES=1 those tests fail rather than skip if the server is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/fetch_onnxruntime.sh >/dev/null 2>&1 || true   # re-links the header in a fresh clone
swift build --build-tests 2>&1 | { grep -vE 'prohibited flag' || true; }
PG_RUN="$(mktemp -d "${TMPDIR:-/tmp}/glimpse-postgres.XXXXXX")"
trap 'bash scripts/postgres.sh stop "$PG_RUN"' EXIT
GLIMPSE_TEST_POSTGRES_URL="$(bash scripts/postgres.sh start "$PG_RUN")"
export GLIMPSE_TEST_POSTGRES_URL GLIMPSE_TEST_REQUIRE_POSTGRES=1
swift test --skip-build "$@"
