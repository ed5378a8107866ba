#!/usr/bin/env bash
# Creates the search reference venv at $GLIMPSE_CACHE/venvs/search from
# scripts/requirements-search.txt, idempotently: it is rebuilt only when the pins change.
# Used by Benchmarks/vector_search.py, scripts/fashion_mnist_eval.sh and the search fixture scripts.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
VENV="$GLIMPSE_CACHE/venvs/search"
REQUIREMENTS="$REPO_ROOT/scripts/requirements-search.txt"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  echo "[search-venv] ready: $VENV" >&2
  exit 0
fi
echo "[search-venv] creating $VENV" >&2
rm -rf "$VENV"
"${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQUIREMENTS"
echo "$want" > "$STAMP"
echo "[search-venv] ready: $VENV" >&2
