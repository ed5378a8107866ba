#!/usr/bin/env bash
# Soak test of `glimpse serve` (docs/RELIABILITY.md): wrk at CLIENTS connections posting a real
# photo to /v1/detect for DURATION seconds, the server's RSS sampled every 10 s. Prints the
# samples, the spread of RSS after the first minute (flat means within 5 %) and the answers by
# status (only 200 and the intended 503 are expected).
#
#   scripts/loadtest/soak.sh [--duration 600] [--clients 16] [--binary .build/debug/glimpse]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DURATION=600
CLIENTS=16
BINARY=.build/debug/glimpse
IMAGE=/usr/share/darknet/data/dog.jpg
PORT=18282
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --binary) BINARY="$2"; shift 2 ;;
    --image) IMAGE="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "soak: wrk is not installed" >&2; exit 1; }
WORK=$(mktemp -d)
"$BINARY" serve --port "$PORT" --log-level warning 2>"$WORK/server.log" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/v1/detect"
curl -sf -F "image=@$IMAGE" -F "classes=dog, bicycle, car" "$URL" >/dev/null
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }
echo "RSS after one request: $(rss) MiB"
( while kill -0 $SERVER 2>/dev/null; do echo "$(date +%s) $(rss)" >> "$WORK/rss"; sleep 10; done ) &
SAMPLER=$!
LOADTEST_IMAGE="$IMAGE" LOADTEST_CLASSES="dog, bicycle, car" \
  wrk -t 2 -c "$CLIENTS" -d "${DURATION}s" --timeout 60s -s scripts/loadtest/detect.lua "$URL" > "$WORK/wrk"
sleep 5
kill $SAMPLER 2>/dev/null || true
echo "RSS samples (MiB, every 10 s): $(awk '{ printf "%s ", $2 }' "$WORK/rss")"
awk 'NR == 1 { t0 = $1 } $1 - t0 >= 60 { n++; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2; last = $2; if (first == "") first = $2 }
     END { printf "after the first minute: first %d, last %d, min %d, max %d MiB; spread %.1f %% of the minimum\n", first, last, min, max, (max - min) * 100 / min }' "$WORK/rss"
grep -E "^(status|requests|seconds|errors_socket|p50_ms|p99_ms)" "$WORK/wrk"
echo "server: $BINARY, default limits; $CLIENTS connections for $DURATION s; $(nproc) CPU cores"
