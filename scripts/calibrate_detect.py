"""Chooses the semantic-transfer detector's calibration by measurement: runs the Python
reference pipeline (scripts/fixtures/two_stage_reference.py) on darknet's photos once, then
scores a grid of (detector weight, logistic midpoint and slope, objectness exponent) by F1 at
the default --score-thr 0.3 against the hand-drawn boxes, for the COCO words and for words
that are not COCO names (Benchmarks/detect_photos.py's two vocabularies).

usage: $GLIMPSE_CACHE/venvs/convert-torch/bin/python scripts/calibrate_detect.py
"""
import copy
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts/fixtures"))
sys.path.insert(0, str(ROOT / "Benchmarks"))
from two_stage_reference import SETTINGS, Reference, load_image  # noqa: E402
from detect_photos import COCO, DISTRACTORS, TRUTH, iou  # noqa: E402

PHOTOS = Path("/usr/share/darknet/data")


def main():
    cache = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
    ref = Reference(cache / "models", text_cache=cache / "bench/detect-text-embeddings.npz")
    synonyms = TRUTH["synonyms"]
    vocabularies = {
        "coco": ([c.strip() for c in COCO.split(",")], {}),
        "synonyms": (sorted(set(synonyms.values())) + DISTRACTORS, synonyms),
    }
    prepared = {k: ref.prepare(v[0]) for k, v in vocabularies.items()}
    cached = []
    for name, truth in TRUTH["images"].items():
        image = load_image(PHOTOS / name)
        proposals = ref.proposals(image)
        posteriors = ref.imagenet_posteriors(ref.crops(image, [p[0] for p in proposals]))
        cached.append((name, truth, proposals, posteriors))

    results = []
    grid = itertools.product([0.3, 0.5, 0.7], [0.15, 0.2, 0.25, 0.3, 0.35], [8, 12, 16, 24], [0, 0.5, 1])
    for weight, midpoint, slope, exponent in grid:
        ref.s = dict(SETTINGS, detectorWeight=weight, calibrationMidpoint=midpoint, calibrationSlope=slope, objectnessExponent=exponent)
        totals = {}
        for vocab, (phrases, rename) in vocabularies.items():
            tp = dets = objects = 0
            for name, truth, proposals, posteriors in cached:
                emb = ref.crop_embeddings(posteriors, proposals)
                scores = 1 / (1 + np.exp(-slope * (emb @ prepared[vocab].T - midpoint)))
                found = ref.select(proposals, scores.astype(np.float32), phrases, 0.3, 0.5, 100)
                boxes = [(rename.get(l, l), b) for l, b in truth]
                matched = set()
                for d in found:
                    best = max(((iou(d["box"], b), i) for i, (l, b) in enumerate(boxes) if l == d["label"] and i not in matched),
                               default=(0, None))
                    if best[0] >= 0.5:
                        matched.add(best[1]); tp += 1
                dets += len(found); objects += len(boxes)
            p, r = tp / max(dets, 1), tp / objects
            totals[vocab] = (round(p, 2), round(r, 2), round(2 * p * r / max(p + r, 1e-9), 3))
        results.append((totals["coco"][2] + totals["synonyms"][2], (weight, midpoint, slope, exponent), totals))
    results.sort(key=lambda r: -r[0])
    def show(score, params, totals):
        print(f"{score:.3f} weight={params[0]} midpoint={params[1]} slope={params[2]} objectness^{params[3]}  {totals}")
    for score, params, totals in results[:5]:
        show(score, params, totals)
    for weight in [0.3, 0.5]:  # the best with less weight on the detector's own classes
        show(*next(r for r in results if r[1][0] == weight))
    for exponent in [0, 0.5]:  # the best without (and with half) the proposal stage's confidence
        show(*next(r for r in results if r[1][3] == exponent))
    current = (SETTINGS["detectorWeight"], SETTINGS["calibrationMidpoint"], SETTINGS["calibrationSlope"], SETTINGS["objectnessExponent"])
    print("current defaults:"); show(*next(r for r in results if r[1] == current))


if __name__ == "__main__":
    main()
