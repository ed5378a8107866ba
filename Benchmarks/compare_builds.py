#!/usr/bin/env python3
"""Every Glimpse-vs-Python benchmark, run for two builds in one run, ratio beside ratio.

A change that moves code (a refactor) must leave every ratio in docs/PERFORMANCE.md where it
was. Measured on different days the ratios differ by more than a refactor could move them
(the machine's load changes), so this runs each benchmark for the build before and the build
after, alternating (before, after, after, before), and prints both sides' Glimpse/Python
ratios with their spread. Sizes are smaller than the documented runs, so that the whole
comparison takes about half an hour on two cores; the ratios are what is compared.

    python3 Benchmarks/compare_builds.py --before /path/to/old/glimpse-benchmarks \\
        --after .build/release/glimpse-benchmarks [--only detect,label] [--json out.json]

Each benchmark runs in the Python it needs (the venvs scripts/setup.sh made); a benchmark
whose Python or data is missing is reported as skipped, with the reason.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
TORCH_PYTHON = CACHE / "venvs/convert-torch/bin/python"
SEARCH_PYTHON = CACHE / "venvs/search/bin/python"
REFERENCE_PYTHON = CACHE / "venvs/reference/bin/python"


def darknet_photos():
    """The 7 darknet photos in a folder of their own (the data folder also holds label glyphs)."""
    folder = Path(tempfile.gettempdir()) / "glimpse-darknet-photos"
    folder.mkdir(exist_ok=True)
    for photo in Path("/usr/share/darknet/data").glob("*.jpg"):
        target = folder / photo.name
        if not target.exists():
            target.write_bytes(photo.read_bytes())
    return str(folder)


def last_json(text):
    """The last JSON value a benchmark printed (one line, or an indented block at the end)."""
    lines = text.strip().splitlines()
    for start in range(len(lines) - 1, -1, -1):
        try:
            return json.loads("\n".join(lines[start:]))
        except json.JSONDecodeError:
            continue
    raise ValueError("no JSON in the output")


def coco_ratios(out):
    ratios = {"vs pycocotools": float(re.search(r"speed-up: ([\d.]+)x vs pycocotools", out).group(1))}
    faster = re.search(r"([\d.]+)x vs faster-coco-eval", out)
    if faster:
        ratios["vs faster-coco-eval"] = float(faster.group(1))
    return ratios


def vector_ratios(out):
    result = last_json(out.split("\n\n")[0])
    ratios = {"exact vs NumPy": result["numpy_s"] / result["swift"]["exact_s"]}
    if "faiss_ivf_s" in result and "ivf_s" in result["swift"]:
        ratios["IVF search vs faiss IVF"] = result["faiss_ivf_s"] / result["swift"]["ivf_s"]
    return ratios


# name → (python, arguments, how to read the ratios from the output)
BENCHMARKS = {
    "image_preprocess": (SEARCH_PYTHON, ["Benchmarks/image_preprocess.py", "--iterations", "100", "--rounds", "5"],
                         lambda out: {"speed-up (median)": last_json(out)["speedup_median"]}),
    "coco_eval": (REFERENCE_PYTHON, ["Benchmarks/coco_eval.py", "--images", "2000", "--repeats", "2"], coco_ratios),
    "embedding_throughput": (TORCH_PYTHON, ["Benchmarks/embedding_throughput.py", "--images", "64", "--texts", "512",
                                            "--rounds", "2"],
                             lambda out: {"images": last_json(out)["image_ratio_glimpse_over_python"],
                                          "texts": last_json(out)["text_ratio_glimpse_over_python"]}),
    "detect": (TORCH_PYTHON, ["Benchmarks/detect.py", "--images", "{photos}", "--passes", "2", "--rounds", "2"],
               lambda out: {"one image at a time": last_json(out)["throughput_ratio_one_image_at_a_time"],
                            "default (--jobs) vs reference": last_json(out)["throughput_ratio_glimpse_default_vs_python_reference"]}),
    "label": (TORCH_PYTHON, ["Benchmarks/label.py", "--rounds", "1"],
              lambda out: {"--jobs 1": last_json(out)["ratio_jobs1"], "--jobs 2": last_json(out)["ratio_jobs2"]}),
    "vector_search": (SEARCH_PYTHON, ["Benchmarks/vector_search.py", "--vectors", "200000", "--queries", "100",
                                      "--lists", "256", "--probes", "16", "--centres", "1024"], vector_ratios),
}


def run(name, binary, photos):
    python, arguments, read = BENCHMARKS[name]
    if not Path(python).exists():
        return None, f"no {python} (run scripts/setup.sh)"
    command = [str(python)] + [a.replace("{photos}", photos) for a in arguments]
    if name in ("coco_eval", "vector_search"):
        command += ["--binary", binary]
    env = dict(os.environ, GLIMPSE_BENCHMARKS=binary)
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:] or ''}"
    print(f"  {name} with {binary}: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return read(done.stdout), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="glimpse-benchmarks built before the change (release)")
    ap.add_argument("--after", required=True, help="glimpse-benchmarks built after the change (release)")
    ap.add_argument("--only", help="comma-separated benchmark names: " + ", ".join(BENCHMARKS))
    ap.add_argument("--json", help="also write the measurements here")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    photos = darknet_photos()
    results = {}
    for name in names:
        samples = {"before": [], "after": []}
        skipped = None
        for side in ("before", "after", "after", "before"):
            ratios, skipped = run(name, getattr(args, side), photos)
            if skipped:
                break
            samples[side].append(ratios)
        results[name] = {"skipped": skipped} if skipped else samples
    print("| benchmark | ratio (Glimpse over Python) | before | after | after / before |")
    print("|---|---|---|---|---|")
    for name, samples in results.items():
        if "skipped" in samples:
            print(f"| {name} | skipped: {samples['skipped']} | | | |")
            continue
        for key in samples["before"][0]:
            before = [s[key] for s in samples["before"]]
            after = [s[key] for s in samples["after"]]
            change = statistics.mean(after) / statistics.mean(before)
            print(f"| {name} | {key} | {' / '.join(f'{v:.2f}' for v in before)} | "
                  f"{' / '.join(f'{v:.2f}' for v in after)} | {change:.2f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
