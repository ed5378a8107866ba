#!/usr/bin/env bash
# Zero-shot Fashion-MNIST: `glimpse tag --top-k 1` names each of the 10,000 test photos among the
# ten class names, once per naming (--naming conse and wordnet), and prints top-1 accuracy with
# the confusion of each class. The photos come from Debian's dataset-fashion-mnist through
# scripts/fashion_mnist_subset.py (class folders). Needs scripts/setup.sh and a release build.
#
# usage: scripts/fashion_mnist_zero_shot.sh [OUT] [--per-class N] [--namings "conse wordnet"]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="${1:-/tmp/glimpse-fashion-zero-shot}"; shift || true
PER_CLASS=1000 NAMINGS="conse wordnet"
while [ $# -gt 0 ]; do
  case "$1" in
    --per-class) PER_CLASS="$2"; shift ;;
    --namings) NAMINGS="$2"; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
PY="$GLIMPSE_CACHE/venvs/search/bin/python"
GLIMPSE=.build/release/glimpse
[ -x "$GLIMPSE" ] || swift build -c release --product glimpse 2>&1 | grep -v 'prohibited flag' >&2
CLASSES="T-shirt, trousers, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot"

[ -d "$OUT/queries" ] || "$PY" scripts/fashion_mnist_subset.py "$OUT" --gallery 1 --queries "$PER_CLASS" >/dev/null
for naming in $NAMINGS; do
  start=$(date +%s)
  "$GLIMPSE" tag "$OUT/queries" --classes "$CLASSES" --top-k 1 --json --naming "$naming" > "$OUT/$naming.json"
  seconds=$(( $(date +%s) - start ))
  python3 - "$OUT/$naming.json" "$naming" "$seconds" <<'PY'
import json, os, sys
from collections import Counter
folders = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
names = ["T-shirt", "trousers", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"]
results = json.load(open(sys.argv[1]))
confusion = {f: Counter() for f in folders}
for r in results:
    truth = os.path.basename(os.path.dirname(r["image"]))
    confusion[truth][r["tags"][0]["class"] if r["tags"] else "-"] += 1
right = sum(confusion[f][n] for f, n in zip(folders, names))
total = sum(sum(c.values()) for c in confusion.values())
print(f"\n{sys.argv[2]}: top-1 {100 * right / total:.1f} % of {total} photos ({sys.argv[3]} s)")
for f, n in zip(folders, names):
    c = confusion[f]
    print(f"  {n:10s} {100 * c[n] / max(1, sum(c.values())):5.1f} %  mostly: " + ", ".join(f"{k} {v}" for k, v in c.most_common(3)))
PY
done
