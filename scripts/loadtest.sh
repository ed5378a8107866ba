#!/usr/bin/env bash
# Load test of `glimpse serve` on loopback with wrk: POST /v1/detect with a real photo at 1, 4
# and 16 concurrent clients for DURATION seconds each, then a flood of broken uploads. Prints
# a Markdown table (p50/p99 latency, throughput, answers by status) and the server's resident
# memory before and after. Not part of the test suite: it takes minutes and loads the machine.
#
#   scripts/loadtest.sh [--duration 30] [--max-concurrent 4] [--image /usr/share/darknet/data/dog.jpg]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION=30
MAX_CONCURRENT=4
IMAGE=/usr/share/darknet/data/dog.jpg
CLASSES="dog, bicycle, car"
BINARY=.build/release/glimpse
PORT=18080
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --max-concurrent) MAX_CONCURRENT="$2"; shift 2 ;;
    --image) IMAGE="$2"; shift 2 ;;
    --classes) CLASSES="$2"; shift 2 ;;
    --binary) BINARY="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "loadtest: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "loadtest: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$BINARY" ] || { echo "loadtest: $BINARY not built (swift build -c release --product glimpse)" >&2; exit 1; }

LOG=$(mktemp)
"$BINARY" serve --port "$PORT" --max-concurrent "$MAX_CONCURRENT" --log-level warning 2>"$LOG" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$LOG" >&2; echo "loadtest: server did not start" >&2; exit 1; }

rss_mib() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER/status"; }
URL="http://127.0.0.1:$PORT/v1/detect"

# One request first: loads nothing new (models are loaded at start) but encodes the vocabulary.
curl -sf -F "image=@$IMAGE" -F "classes=$CLASSES" "$URL" >/dev/null || { echo "loadtest: the warm-up detect failed:" >&2; curl -s -F "image=@$IMAGE" -F "classes=$CLASSES" "$URL" >&2; exit 1; }
RSS_BEFORE=$(rss_mib)
SINGLE=$(curl -s -o /dev/null -w "%{time_total}" -F "image=@$IMAGE" -F "classes=$CLASSES" "$URL")
echo "one request alone: $(awk -v t="$SINGLE" 'BEGIN { printf "%.0f", t * 1000 }') ms"
echo

echo "| clients | requests | throughput (req/s) | p50 (ms) | p99 (ms) | 200 | 4xx | 503 | other 5xx | socket errors | RSS after (MiB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# wrk cuts off the requests in flight when its time is up; their model runs cannot be
# interrupted and keep their slots until they end, so each row waits for them first.
settle() {
  for _ in $(seq 1 600); do
    curl -s "http://127.0.0.1:$PORT/metrics" | grep -q '^glimpse_computations_in_flight 0' && return
    sleep 0.2
  done
}
run() {
  local clients=$1 label=$2; shift 2
  settle
  local threads=$(( clients < 2 ? clients : 2 ))
  local out
  out=$(env "$@" LOADTEST_IMAGE="$IMAGE" LOADTEST_CLASSES="$CLASSES" \
        wrk -t "$threads" -c "$clients" -d "${DURATION}s" --timeout 60s -s scripts/loadtest/detect.lua "$URL")
  awk -v label="$label" -v rss="$(rss_mib)" '
    /^status/ { s[$2] = $3; if ($2 >= 400 && $2 < 500) c4 += $3; if ($2 >= 500 && $2 != 503) c5 += $3 }
    /^requests/ { n = $2 } /^seconds/ { t = $2 } /^p50_ms/ { p50 = $2 } /^p99_ms/ { p99 = $2 } /^errors_socket/ { e = $2 }
    END { printf "| %s | %d | %.1f | %s | %s | %d | %d | %d | %d | %d | %s |\n", label, n, n / t, p50, p99, s[200], c4, s[503], c5, e, rss }' <<<"$out"
}
for clients in 1 4 16; do run "$clients" "$clients"; done
run 16 "16, broken uploads" LOADTEST_BROKEN=1
sleep 2
RSS_AFTER=$(rss_mib)
echo
echo "resident memory: ${RSS_BEFORE} MiB after start and one request, ${RSS_AFTER} MiB after the runs"
echo "server: --max-concurrent $MAX_CONCURRENT; image: $IMAGE; classes: $CLASSES; ${DURATION} s per row; $(nproc) CPU cores"
grep -iE "error|critical" "$LOG" | head -5 || true
