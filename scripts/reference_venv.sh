#!/usr/bin/env bash
# A small Python environment with the reference libraries tests compare against
# (pycocotools' loader for the datasets glimpse writes; NLTK's WordNet reader for the naming
# fixtures). Created once under
# $GLIMPSE_CACHE/venvs/reference; recreated only when the pins below change.
set -euo pipefail
GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
VENV="$GLIMPSE_CACHE/venvs/reference"
PINS="numpy==2.2.6 pycocotools==2.0.11 nltk==3.10.4"
STAMP="$VENV/.pins"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$PINS" ]; then
  echo "reference venv: ready ($VENV)" >&2
  exit 0
fi
rm -rf "$VENV"
python3 -m venv "$VENV"
# shellcheck disable=SC2086
"$VENV/bin/pip" install --quiet --disable-pip-version-check $PINS
echo "$PINS" > "$STAMP"
echo "reference venv: created ($VENV)" >&2
