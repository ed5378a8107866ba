#!/usr/bin/env bash
# The search proof on real product photos: a fixed-seed Fashion-MNIST subset (gallery from the
# training set, queries from the test set, class folders), indexed and searched with each
# embedder by the glimpse command, scored by `glimpse eval retrieval` (Recall@1/5/10, mAP over
# the whole ranked gallery). A NumPy brute force on the same PNGs recomputes the raw-pixel row
# independently. Needs scripts/setup.sh (models, search venv) and a release build.
#
# usage: scripts/fashion_mnist_eval.sh [OUT] [--gallery N] [--queries N] [--k K] [--embedders "a b"] [--polarity dataset|photo]
#                                      [--postgres URL]
# --postgres indexes into PostgreSQL tables (URL?table=fmnist_EMBEDDER, replaced) instead of
# SQLite files, to compare the stores (scripts/postgres.sh start DIR prints a URL).
# GLIMPSE_BIN picks another glimpse binary (default: the release build).
# --k ranks only the K nearest per query (default: the whole gallery, which mAP needs); with a
# smaller K the mAP column is left empty. `--queries 1000 --k 10` scores all 10,000 test photos.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="${1:-/tmp/glimpse-fashion-mnist}"; shift || true
GALLERY=100 QUERIES=100 K= POLARITY=dataset EMBEDDERS="mobilenetv2-embed pixels mobilenetv2-embed,pixels" POSTGRES=
while [ $# -gt 0 ]; do
  case "$1" in
    --gallery) GALLERY="$2"; shift ;;
    --queries) QUERIES="$2"; shift ;;
    --k) K="$2"; shift ;;
    --embedders) EMBEDDERS="$2"; shift ;;
    --polarity) POLARITY="$2"; shift ;;
    --postgres) POSTGRES="$2"; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
PY="$GLIMPSE_CACHE/venvs/search/bin/python"
GLIMPSE="${GLIMPSE_BIN:-.build/release/glimpse}"
[ -x "$GLIMPSE" ] || swift build -c release --product glimpse 2>&1 | grep -v 'prohibited flag' >&2

rm -rf "$OUT" && mkdir -p "$OUT"
"$PY" scripts/fashion_mnist_subset.py "$OUT" --gallery "$GALLERY" --queries "$QUERIES" --polarity "$POLARITY"
WHOLE=$((GALLERY * 10))
K="${K:-$WHOLE}"
[ "$K" -ge 1 ] && [ "$K" -le "$WHOLE" ] || { echo "--k must be in 1...$WHOLE" >&2; exit 2; }
printf '| embedder | dim | index s | search s | R@1 | R@5 | R@10 | mAP |\n|---|---|---|---|---|---|---|---|\n'
for embedder in $EMBEDDERS; do
  name="${embedder//,/+}"
  index="$OUT/$name.sqlite"
  if [ -n "$POSTGRES" ]; then
    table="fmnist_$(printf '%s' "$name" | tr -c 'a-z0-9' '_')"
    index="$POSTGRES?table=$table"
    "$GLIMPSE" index info --index "$index" >/dev/null 2>&1 && { echo "table $table already holds an index: use another --postgres database or drop its fmnist_* tables" >&2; exit 1; }
  fi
  start=$(date +%s.%N)
  "$GLIMPSE" index add "$OUT/gallery" --index "$index" --embedder "$embedder" >/dev/null
  mid=$(date +%s.%N)
  "$GLIMPSE" search "$OUT/queries" --index "$index" --top-k "$K" --json > "$OUT/$name.search.json"
  end=$(date +%s.%N)
  "$PY" - "$OUT/$name.search.json" "$OUT/$name.results.json" <<'PYEOF'
import json, sys
queries = json.load(open(sys.argv[1]))
json.dump({q["query"]: {"ranking": [r["path"] for r in q["results"]],
                        "match": q["results"][0]["path"] if q["results"] else None} for q in queries},
          open(sys.argv[2], "w"))
PYEOF
  metrics=$("$GLIMPSE" eval retrieval --gt "$OUT/relevant.json" --results "$OUT/$name.results.json" --json)
  dim=$("$GLIMPSE" index info --index "$index" --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["embedder"]["dimension"])')
  echo "$metrics" | "$PY" -c "
import json, sys
m = json.load(sys.stdin)
print('| $name | $dim | %.1f | %.1f | %.1f | %.1f | %.1f | %s |' % ($mid - $start, $end - $mid, m['recallAt1'], m['recallAt5'], m['recallAt10'],
      '%.1f' % m['mAP'] if $K == $WHOLE else ''))"
done
# Independent reference for the pixel row: Pillow resize 28 -> grey, l2-normalise, NumPy brute force.
"$PY" - "$OUT" <<'PYEOF'
import json, os, sys
import numpy as np
from PIL import Image
out = sys.argv[1]
relevant = json.load(open(os.path.join(out, "relevant.json")))
gallery = sorted({p for ps in relevant.values() for p in ps})
def vec(p):
    v = np.asarray(Image.open(p).convert("RGB").resize((28, 28), Image.BILINEAR).convert("L"), dtype=np.float64).ravel() / 255
    return v / np.linalg.norm(v)
G = np.stack([vec(p) for p in gallery]); index = {p: i for i, p in enumerate(gallery)}
hits = {1: 0, 5: 0, 10: 0}; ap = 0.0
for q, rel in relevant.items():
    d = np.linalg.norm(G - vec(q), axis=1)
    order = np.argsort(d, kind="stable")
    good = np.zeros(len(gallery), bool); good[[index[p] for p in rel]] = True
    ranked = good[order]
    first = int(np.argmax(ranked))
    for k in hits: hits[k] += first < k
    found = np.cumsum(ranked); ap += (found[ranked] / (np.flatnonzero(ranked) + 1)).sum() / len(rel)
n = len(relevant)
print("| NumPy reference, pixels | 784 | | | %.1f | %.1f | %.1f | %.1f |" % (100 * hits[1] / n, 100 * hits[5] / n, 100 * hits[10] / n, 100 * ap / n))
PYEOF
# Recall@1 of each embedder against the pixel row on the same queries (paired): the sampling
# error of a difference is that of the per-query differences, smaller than either row's own.
"$PY" - "$OUT" $EMBEDDERS <<'PYEOF'
import json, math, os, sys
out, names = sys.argv[1], [e.replace(",", "+") for e in sys.argv[2:]]
relevant = json.load(open(os.path.join(out, "relevant.json")))
def hits(name):
    results = json.load(open(os.path.join(out, name + ".results.json")))
    return {q: bool(results[q]["ranking"]) and results[q]["ranking"][0] in set(rel) for q, rel in relevant.items()}
if "pixels" in names:
    base = hits("pixels")
    for name in names:
        if name == "pixels": continue
        mine = hits(name)
        d = [int(mine[q]) - int(base[q]) for q in relevant]
        n, mean = len(d), sum(d) / len(d)
        se = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1) / n)
        won, lost = d.count(1), d.count(-1)
        print("%s vs pixels, Recall@1: %+.1f points (paired standard error %.1f); queries only it gets right %d, only pixels %d; McNemar z %.1f"
              % (name, 100 * mean, 100 * se, won, lost, (won - lost) / math.sqrt(max(1, won + lost))))
PYEOF
