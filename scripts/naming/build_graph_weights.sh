#!/usr/bin/env bash
# Puts the graph classifier weights (naming's DGP route: scripts/naming/train_graph_weights.py)
# at $GLIMPSE_CACHE/naming/graph-weights.bin, trained from WordNet, EfficientNet-Lite0's
# classifier and MiniLM. Idempotent: kept while they were made from the same inputs and are
# intact. Needs the default models (scripts/prepare_models.sh) and Debian's wordnet-base.
set -euo pipefail

GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$GLIMPSE_CACHE/naming"
PY="$GLIMPSE_CACHE/venvs/convert-torch/bin/python"
TRAINER="$REPO_ROOT/scripts/naming/train_graph_weights.py"

log() { printf '[graph-weights] %s\n' "$*" >&2; }

bash "$REPO_ROOT/scripts/prepare_models.sh" --venv torch
if "$PY" "$TRAINER" --out "$OUT" --is-current; then log "ready: $OUT/graph-weights.bin"; exit 0; fi
log "training (a few minutes on 2 cores)"
"$PY" -W ignore "$TRAINER" --out "$OUT"
"$PY" "$TRAINER" --out "$OUT" --is-current || { log "ERROR: the weights just written do not verify"; exit 1; }
