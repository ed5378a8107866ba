#!/usr/bin/env python3
"""Side-by-side throughput: `glimpse detect`'s default two-stage pipeline in Swift vs the
same pipeline in Python (onnxruntime + Pillow + numpy, scripts/fixtures/two_stage_reference.py)
on the same ONNX files and the same folder, in one run.

Builds nothing: run `swift build -c release --product glimpse-benchmarks` first.
    $GLIMPSE_CACHE/venvs/convert-torch/bin/python Benchmarks/detect.py [--images DIR] [--passes 3] [--rounds 2]
Both sides use cached text embeddings (timed separately), decode each image from its file,
and report per-stage medians; rounds alternate the two sides so other load hits both alike.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts/fixtures"))
from two_stage_reference import Reference, load_image  # noqa: E402

BINARY = ROOT / ".build/release/glimpse-benchmarks"
CLASSES = "person, dog, bicycle, truck, car, horse, bird, kite, giraffe"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


def python_pass(ref, files, phrases, text, stages, decode):
    for path in files:
        t0 = time.perf_counter()
        image = load_image(path)
        decode.append(time.perf_counter() - t0)
        _, t = ref.detect(image, phrases, text)
        stages.append(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", default="/usr/share/darknet/data")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not BINARY.exists():
        sys.exit(f"missing {BINARY}: run `swift build -c release --product glimpse-benchmarks`")
    cache = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
    files = sorted(p for p in Path(args.images).rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS and not p.name.startswith("."))
    ref = Reference(cache / "models", text_cache=cache / "bench/detect-text-embeddings.npz")
    phrases = [c.strip() for c in CLASSES.split(",")]
    text = ref.prepare(phrases)
    for path in files:  # warm-up
        ref.detect(load_image(path), phrases, text)

    py_rates, swift_rates, py_stages, py_decode, swift_lines = [], [], [], [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(args.passes):
            python_pass(ref, files, phrases, text, py_stages, py_decode)
        py_rates.append(len(files) * args.passes / (time.perf_counter() - start))
        out = subprocess.run([str(BINARY), "detect", "--images", args.images, "--classes", CLASSES, "--passes", str(args.passes)],
                             check=True, capture_output=True, text=True).stdout
        swift = json.loads(out.strip().splitlines()[-1])
        swift_lines.append(swift)
        swift_rates.append(swift["images_per_second"])

    def med(key):
        return round(statistics.median(t[key] for t in py_stages) * 1000, 2)

    py = {"images_per_second": round(statistics.median(py_rates), 2), "ms_decode_median": round(statistics.median(py_decode) * 1000, 2),
          **{f"ms_{k}_median": med(k) for k in ["proposals", "crops", "classification", "selection"]}}
    sw = {k: round(statistics.median(s[k] for s in swift_lines), 2) for k in
          ["images_per_second", "ms_decode_median", "ms_proposals_median", "ms_crops_median", "ms_classification_median",
           "ms_selection_median", "vocabulary_prepare_ms", "vocabulary_texts_encoded"]}
    print(json.dumps({"images": len(files), "passes": args.passes, "rounds": args.rounds, "python": py, "glimpse": sw,
                      "throughput_ratio": round(sw["images_per_second"] / py["images_per_second"], 2)}, indent=1))


if __name__ == "__main__":
    main()
