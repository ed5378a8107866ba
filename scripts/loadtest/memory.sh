#!/usr/bin/env bash
# Memory of `glimpse serve` under the largest accepted requests (docs/RELIABILITY.md): idle RSS
# after one ordinary request, then REQUESTS /v1/detect of a 6000x6000 (36 MP) PNG, the first
# VOCABS of them each with a new vocabulary of the largest accepted size (1000 names of 200
# characters), the rest with three classes; prints RSS after each phase and the peak (VmHWM).
# Run it with MALLOC_ARENA_MAX=2 (or any environment) to compare allocator settings.
#
#   scripts/loadtest/memory.sh [--requests 100] [--vocabs 5] [--binary .build/debug/glimpse]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REQUESTS=100
VOCABS=5
BINARY=.build/debug/glimpse
PORT=18181
PYTHON="${PYTHON:-$HOME/.cache/glimpse/venvs/search/bin/python}"
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS="$2"; shift 2 ;;
    --vocabs) VOCABS="$2"; shift 2 ;;
    --binary) BINARY="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "memory: unknown argument $1" >&2; exit 2 ;;
  esac
done
WORK=$(mktemp -d)
"$PYTHON" - "$WORK" "$VOCABS" <<'PY'
import random, sys
from PIL import Image, ImageDraw
work, vocabs = sys.argv[1], int(sys.argv[2])
image = Image.new("RGB", (6000, 6000), (200, 190, 170))
draw = ImageDraw.Draw(image)
r = random.Random(1)
for _ in range(40):
    x, y = r.randrange(0, 5500), r.randrange(0, 5500)
    draw.rectangle([x, y, x + r.randrange(100, 500), y + r.randrange(100, 500)], fill=(r.randrange(256), r.randrange(256), r.randrange(256)))
image.save(f"{work}/big.png", optimize=True)
for v in range(vocabs):
    r = random.Random(100 + v)
    def name(i):
        words = " ".join("".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randrange(3, 9))) for _ in range(40))
        return f"thing{i} {words}"[:200].strip()
    with open(f"{work}/vocab{v}.txt", "w") as f:
        f.write(", ".join(name(i) for i in range(1000)))
PY
"$BINARY" serve --port "$PORT" --timeout 600 --log-level warning 2>"$WORK/server.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/v1/detect"
mib() { awk -v k="$1" '$1 == k":" { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }
statuses=""
ask() { statuses="$statuses $(curl -s -o /dev/null -w "%{http_code}" "$@" "$URL")"; }
ask -F image=@/usr/share/darknet/data/dog.jpg -F "classes=dog, bicycle, car"
sleep 1
IDLE=$(mib VmRSS)
echo "after one ordinary request: RSS $IDLE MiB (peak so far $(mib VmHWM) MiB)"
for i in $(seq 1 "$REQUESTS"); do
  if [ "$i" -le "$VOCABS" ]; then
    ask -F image=@"$WORK/big.png" -F "classes=<$WORK/vocab$((i - 1)).txt"
  else
    ask -F image=@"$WORK/big.png" -F "classes=dog, bicycle, car"
  fi
  [ "$i" -eq "$VOCABS" ] && echo "after the $VOCABS large vocabularies: RSS $(mib VmRSS) MiB, peak $(mib VmHWM) MiB"
done
sleep 1
AFTER=$(mib VmRSS); PEAK=$(mib VmHWM)
echo "after $REQUESTS requests of 36 MP: RSS $AFTER MiB, peak $PEAK MiB"
awk -v i="$IDLE" -v a="$AFTER" -v p="$PEAK" 'BEGIN { printf "ratio to idle: after %.2fx, peak %.2fx\n", a / i, p / i }'
echo "statuses:$(echo $statuses | tr ' ' '\n' | sort | uniq -c | awk '{ printf " %s x%s", $2, $1 }')"
echo "binary $BINARY; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; $(nproc) CPU cores"
