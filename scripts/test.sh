#!/usr/bin/env bash
# Runs every test. Expects scripts/setup.sh to have run (ONNX Runtime, vocabularies, models).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/fetch_onnxruntime.sh >/dev/null 2>&1 || true   # re-links the header in a fresh clone
swift build --build-tests 2>&1 | { grep -vE 'prohibited flag' || true; }
swift test --skip-build "$@"
