#!/usr/bin/env python3
"""Side-by-side throughput of auto-annotation: `glimpse label`'s pipeline in Swift vs the same
pipeline in Python (scripts/fixtures/two_stage_reference.py: onnxruntime + Pillow + numpy on
the same ONNX files, then a COCO file), on a folder of 200 images, in one run.

The folder is made once from darknet's photos (random crops, flips and scales, fixed seed)
under $GLIMPSE_CACHE/bench/label-200. Build first:
    swift build -c release --product glimpse-benchmarks
    $GLIMPSE_CACHE/venvs/convert-torch/bin/python Benchmarks/label.py [--rounds 2]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts/fixtures"))
from two_stage_reference import Reference, load_image  # noqa: E402

BINARY = Path(os.environ.get("GLIMPSE_BENCHMARKS", ROOT / ".build/release/glimpse-benchmarks"))
ONTOLOGY = {"dog": "dog", "horse": "horse", "person": "person", "bicycle": "bicycle",
            "pickup truck": "truck", "bird": "bird", "giraffe": "giraffe", "kite": "kite"}


def make_folder(folder: Path, count: int = 200, seed: int = 7):
    photos = sorted(Path("/usr/share/darknet/data").glob("*.jpg"))
    if folder.exists() and len(list(folder.glob("*.jpg"))) == count:
        return
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(count):
        image = load_image(photos[i % len(photos)])
        w, h = image.size
        cw, ch = int(w * rng.uniform(0.7, 1.0)), int(h * rng.uniform(0.7, 1.0))
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        image = image.crop((x, y, x + cw, y + ch))
        if rng.random() < 0.5:
            image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        scale = rng.uniform(0.5, 1.0)
        image = image.resize((max(1, int(cw * scale)), max(1, int(ch * scale))), Image.Resampling.BILINEAR)
        image.save(folder / f"{i:03d}.jpg", quality=90)


def python_label(ref, files, phrases, classes, text, out: Path):
    images, annotations = [], []
    for index, path in enumerate(files, 1):
        image = load_image(path)
        detections, _ = ref.detect(image, phrases, text)
        images.append({"id": index, "file_name": path.name, "width": image.size[0], "height": image.size[1]})
        for d in detections:
            x1, y1, x2, y2 = d["box"]
            annotations.append({"id": len(annotations) + 1, "image_id": index, "category_id": classes.index(ONTOLOGY[d["label"]]) + 1,
                                "bbox": [x1, y1, x2 - x1, y2 - y1], "area": (x2 - x1) * (y2 - y1), "iscrowd": 0, "score": d["score"]})
    categories = [{"id": i + 1, "name": c} for i, c in enumerate(classes)]
    out.write_text(json.dumps({"images": images, "annotations": annotations, "categories": categories}))
    return len(annotations)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not BINARY.exists():
        sys.exit(f"missing {BINARY}: run `swift build -c release --product glimpse-benchmarks`")
    cache = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
    folder = cache / "bench/label-200"
    make_folder(folder)
    files = sorted(folder.glob("*.jpg"))
    ontology = Path(tempfile.mkdtemp()) / "ontology.yaml"
    ontology.write_text("".join(f'"{prompt}": "{cls}"\n' for prompt, cls in ONTOLOGY.items()))
    phrases = list(ONTOLOGY)
    classes = list(dict.fromkeys(ONTOLOGY.values()))
    ref = Reference(cache / "models", text_cache=cache / "bench/label-text-embeddings.npz")
    text = ref.prepare(phrases)

    rates = {"python": [], "glimpse_jobs1": [], "glimpse_jobs2": []}
    boxes = {}
    for _ in range(args.rounds):
        start = time.perf_counter()
        boxes["python"] = python_label(ref, files, phrases, classes, text, ontology.parent / "python.json")
        rates["python"].append(len(files) / (time.perf_counter() - start))
        for jobs in (1, 2):
            out = subprocess.run([str(BINARY), "label", "--images", str(folder), "--ontology", str(ontology), "--jobs", str(jobs)],
                                 check=True, capture_output=True, text=True).stdout
            line = json.loads(out.strip().splitlines()[-1])
            rates[f"glimpse_jobs{jobs}"].append(line["images_per_second"])
            boxes[f"glimpse_jobs{jobs}"] = line["boxes"]
    best = {k: round(max(v), 2) for k, v in rates.items()}
    print(json.dumps({"images": len(files), "rounds": args.rounds, "images_per_second": best, "boxes": boxes,
                      "ratio_jobs1": round(best["glimpse_jobs1"] / best["python"], 2),
                      "ratio_jobs2": round(best["glimpse_jobs2"] / best["python"], 2)}, indent=1))


if __name__ == "__main__":
    main()
