#!/usr/bin/env python3
"""Side-by-side timing: Glimpse vs Pillow + numpy, JPEG decode + CLIP preprocessing.

Builds nothing: run `swift build -c release --product glimpse-benchmarks` first.
    python Benchmarks/image_preprocess.py [--image photo.jpg] [--iterations 50]
Without --image a 1024x768 photo-like JPEG (quality 90, fixed seed) is written to a temp dir.
Pillow side: Image.open + convert("RGB") + resize(short side 224, BICUBIC) + crop 224x224
+ numpy (x / 255 - mean) / std + transpose to CHW float32, the pipeline of OpenAI CLIP.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("GLIMPSE_BENCHMARKS", os.path.join(ROOT, ".build", "release", "glimpse-benchmarks"))
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def make_image(path):
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:768, 0:1024].astype(np.float32)
    img = np.stack([255 * x / 1023, 255 * y / 767, 128 + 100 * np.sin(x / 37) * np.cos(y / 23)], -1)
    img += rng.normal(0, 8, img.shape)
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(path, quality=90)


def pillow_clip(path, side=224):
    with Image.open(path) as im:
        im = im.convert("RGB")
        w, h = im.size
        if w <= h:
            size = (side, int(side * h / w))
        else:
            size = (int(side * w / h), side)
        im = im.resize(size, Image.Resampling.BICUBIC)
        left = int(round((size[0] - side) / 2.0))
        top = int(round((size[1] - side) / 2.0))
        im = im.crop((left, top, left + side, top + side))
        x = np.asarray(im, dtype=np.float32) / np.float32(255)
        return ((x - MEAN) / STD).transpose(2, 0, 1).copy()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--image")
    ap.add_argument("--iterations", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds the iterations are split into")
    args = ap.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("missing %s: run `swift build -c release --product glimpse-benchmarks`" % BINARY)
    image = args.image
    if image is None:
        image = os.path.join(tempfile.mkdtemp(), "bench_1024x768.jpg")
        make_image(image)

    # Alternate rounds of both sides so that load from other processes hits both alike.
    pillow_clip(image)  # warm-up
    times, swift_medians, swift_mins, swift_decode = [], [], [], []
    per_round = max(args.iterations // args.rounds, 1)
    for _ in range(args.rounds):
        for _ in range(per_round):
            t0 = time.perf_counter()
            pillow_clip(image)
            times.append((time.perf_counter() - t0) * 1000)
        out = subprocess.run([BINARY, "image-preprocess", "--image", image, "--iterations", str(per_round)],
                             check=True, capture_output=True, text=True).stdout
        swift = json.loads(out.strip().splitlines()[-1])
        swift_medians.append(swift["ms_per_image_median"])
        swift_mins.append(swift["ms_per_image_min"])
        swift_decode.append(swift["decode_ms_median"])
    pillow_ms = statistics.median(times)
    swift_ms = statistics.median(swift_medians)
    swift = {"ms_per_image_min": min(swift_mins), "decode_ms_median": statistics.median(swift_decode)}
    print(json.dumps({"image": image, "iterations": args.iterations,
                      "pillow_numpy_ms_median": round(pillow_ms, 3), "pillow_numpy_ms_min": round(min(times), 3),
                      "glimpse_ms_median": round(swift_ms, 3), "glimpse_ms_min": round(swift["ms_per_image_min"], 3),
                      "glimpse_decode_ms_median": round(swift["decode_ms_median"], 3),
                      "speedup_median": round(pillow_ms / swift_ms, 2),
                      "speedup_min": round(min(times) / swift["ms_per_image_min"], 2)}))


if __name__ == "__main__":
    main()
