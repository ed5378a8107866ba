#!/usr/bin/env python3
"""Side-by-side throughput: `glimpse detect`'s default two-stage pipeline in Swift vs the
same pipeline in Python (onnxruntime + Pillow + numpy, scripts/fixtures/two_stage_reference.py)
on the same ONNX files and the same folder, in one run.

Builds nothing: run `swift build -c release --product glimpse-benchmarks` first.
    $GLIMPSE_CACHE/venvs/convert-torch/bin/python Benchmarks/detect.py [--images DIR] [--passes 3] [--rounds 2]
Both sides use cached text embeddings (timed separately), decode each image from its file,
and report per-stage medians; rounds alternate the two sides so other load hits both alike.

Throughput is measured twice per side: one image at a time with every core inside each model
run (the reference pipeline as written), and with `--jobs` images in flight, each run on its
share of the cores (`glimpse detect`'s default; in Python, threads over sessions made with
intra_op_num_threads = cores / jobs, the same scheduling done by hand).
"""
import argparse
import concurrent.futures
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

BINARY = Path(os.environ.get("GLIMPSE_BENCHMARKS", ROOT / ".build/release/glimpse-benchmarks"))
CLASSES = "person, dog, bicycle, truck, car, horse, bird, kite, giraffe"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


def python_pass(ref, files, phrases, text, stages, decode):
    for path in files:
        t0 = time.perf_counter()
        image = load_image(path)
        decode.append(time.perf_counter() - t0)
        _, t = ref.detect(image, phrases, text)
        stages.append(t)


def python_jobs_pass(refs, files, phrases, text):
    """Each worker thread owns one Reference (its own sessions); onnxruntime releases the GIL."""
    chunks = [files[i::len(refs)] for i in range(len(refs))]
    with concurrent.futures.ThreadPoolExecutor(len(refs)) as pool:
        list(pool.map(lambda pair: [pair[0].detect(load_image(p), phrases, text) for p in pair[1]], zip(refs, chunks)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", default="/usr/share/darknet/data")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    args = ap.parse_args()
    if not BINARY.exists():
        sys.exit(f"missing {BINARY}: run `swift build -c release --product glimpse-benchmarks`")
    cache = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
    files = sorted(p for p in Path(args.images).rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS and not p.name.startswith("."))
    ref = Reference(cache / "models", text_cache=cache / "bench/detect-text-embeddings.npz")
    phrases = [c.strip() for c in CLASSES.split(",")]
    text = ref.prepare(phrases)
    threads = max(1, (os.cpu_count() or 1) // args.jobs)
    refs = [Reference(cache / "models", text_cache=cache / "bench/detect-text-embeddings.npz", threads=threads) for _ in range(args.jobs)]
    for path in files:  # warm-up
        ref.detect(load_image(path), phrases, text)
    python_jobs_pass(refs, files, phrases, text)

    py_rates, py_jobs_rates, swift_rates, swift_jobs_rates, py_stages, py_decode, swift_lines = [], [], [], [], [], [], []

    def swift_run(jobs):
        # --naming conse: the reference implements semantic transfer; WordNet naming is timed
        # on its own by `glimpse-benchmarks detect --naming wordnet` (docs/PERFORMANCE.md).
        out = subprocess.run([str(BINARY), "detect", "--images", args.images, "--classes", CLASSES, "--passes", str(args.passes),
                              "--jobs", str(jobs), "--naming", "conse"], check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(args.passes):
            python_pass(ref, files, phrases, text, py_stages, py_decode)
        py_rates.append(len(files) * args.passes / (time.perf_counter() - start))
        swift = swift_run(1)
        swift_lines.append(swift)
        swift_rates.append(swift["images_per_second"])
        start = time.perf_counter()
        for _ in range(args.passes):
            python_jobs_pass(refs, files, phrases, text)
        py_jobs_rates.append(len(files) * args.passes / (time.perf_counter() - start))
        swift_jobs_rates.append(swift_run(args.jobs)["images_per_second"])

    def med(key):
        return round(statistics.median(t[key] for t in py_stages) * 1000, 2)

    py = {"images_per_second": round(statistics.median(py_rates), 2), "ms_decode_median": round(statistics.median(py_decode) * 1000, 2),
          **{f"ms_{k}_median": med(k) for k in ["proposals", "crops", "classification", "selection"]}}
    sw = {k: round(statistics.median(s[k] for s in swift_lines), 2) for k in
          ["images_per_second", "ms_decode_median", "ms_proposals_median", "ms_crops_median", "ms_classification_median",
           "ms_selection_median", "vocabulary_prepare_ms", "vocabulary_texts_encoded"]}
    py_jobs = round(statistics.median(py_jobs_rates), 2)
    sw_jobs = round(statistics.median(swift_jobs_rates), 2)
    print(json.dumps({"images": len(files), "passes": args.passes, "rounds": args.rounds, "jobs": args.jobs, "python": py, "glimpse": sw,
                      "python_jobs_images_per_second": py_jobs, "glimpse_jobs_images_per_second": sw_jobs,
                      "throughput_ratio_one_image_at_a_time": round(sw["images_per_second"] / py["images_per_second"], 2),
                      "throughput_ratio_glimpse_default_vs_python_reference": round(sw_jobs / py["images_per_second"], 2),
                      "throughput_ratio_both_with_jobs": round(sw_jobs / py_jobs, 2),
                      "per_round_images_per_second": {"python": [round(r, 2) for r in py_rates],
                                                      "glimpse": [round(r, 2) for r in swift_rates],
                                                      "python_jobs": [round(r, 2) for r in py_jobs_rates],
                                                      "glimpse_jobs": [round(r, 2) for r in swift_jobs_rates]}}, indent=1))


if __name__ == "__main__":
    main()
