#!/usr/bin/env bash
# Installs ONNX Runtime's shared library (from the PyPI wheel) and its C headers
# (from Debian trixie's libonnxruntime-dev) into $GLIMPSE_CACHE/onnxruntime/$ORT_VERSION,
# and links the headers into Sources/COnnxRuntime/include so SwiftPM can see them.
# Idempotent: does nothing when both are already there. The system's apt sources
# are never touched: trixie is read through a private sources list in a temp dir.
set -euo pipefail

ORT_VERSION="${ORT_VERSION:-1.32.0}"
GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
DEST="$GLIMPSE_CACHE/onnxruntime/$ORT_VERSION"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[onnxruntime] %s\n' "$*" >&2; }

fetch_library() {
  if [ -f "$DEST/lib/libonnxruntime.so.$ORT_VERSION" ]; then return; fi
  log "downloading the onnxruntime==$ORT_VERSION wheel"
  local tmp; tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --python-version 3.11 --platform manylinux_2_27_x86_64 \
    -d "$tmp" "onnxruntime==$ORT_VERSION" 2>/dev/null \
    || python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "onnxruntime==$ORT_VERSION"
  local wheel; wheel="$(ls "$tmp"/onnxruntime-*.whl | head -n 1)"
  mkdir -p "$tmp/x" "$DEST/lib"
  python3 - "$wheel" "$tmp/x" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if "/capi/libonnxruntime.so" in name:
            z.extract(name, sys.argv[2])
PY
  cp "$tmp"/x/onnxruntime/capi/libonnxruntime.so."$ORT_VERSION" "$DEST/lib/"
  ln -sf "libonnxruntime.so.$ORT_VERSION" "$DEST/lib/libonnxruntime.so.1"
  ln -sf "libonnxruntime.so.1" "$DEST/lib/libonnxruntime.so"
  rm -rf "$tmp"
}

fetch_headers() {
  if [ -f "$DEST/include/onnxruntime_c_api.h" ]; then return; fi
  log "downloading libonnxruntime-dev from Debian trixie (headers only)"
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" > "$tmp/sources.list"
  # Use the Debian mirror the machine is configured with (active lines only), if any.
  local mirror
  mirror="$( { grep -rhE '^URIs:' /etc/apt/sources.list.d/ 2>/dev/null | sed 's/^URIs: *//' | tr ' ' '\n';
               grep -rhE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -oE 'https?://[^ ]+'; } \
             | grep -E '/debian/?$' | head -n 1 || true)"
  if [ -n "$mirror" ]; then
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} trixie main" > "$tmp/sources.list"
  fi
  local opts=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
              -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o "APT::Get::List-Cleanup=0")
  apt-get "${opts[@]}" -qq update
  (cd "$tmp" && apt-get "${opts[@]}" -qq download libonnxruntime-dev/trixie)
  dpkg-deb -x "$tmp"/libonnxruntime-dev_*.deb "$tmp/x"
  mkdir -p "$DEST/include"
  cp "$tmp"/x/usr/include/onnxruntime/*.h "$DEST/include/"
  rm -rf "$tmp"
}

fetch_library
fetch_headers
# SwiftPM finds a C target's headers under its include/ folder; the header is
# derived at setup and ignored by git.
ln -sf "$DEST/include/onnxruntime_c_api.h" "$REPO_ROOT/Sources/COnnxRuntime/include/onnxruntime_c_api.h"
log "ready: $DEST"
