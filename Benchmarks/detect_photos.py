#!/usr/bin/env python3
"""Precision and recall of `glimpse detect` on darknet's photos against hand-drawn boxes
(Tests/GlimpseTests/Fixtures/darknet_truth.json), for two vocabularies: the 80 COCO words,
and words that are not COCO names (the truth file's synonyms plus distractors).

    python3 Benchmarks/detect_photos.py [--glimpse .build/debug/glimpse] [--score-thr 0.3]

A detection is a true positive when its label is the expected word for a not yet matched
truth box with IoU >= 0.5 (greedy, best score first). Prints a Markdown table.
"""
import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRUTH = json.loads((ROOT / "Tests/GlimpseTests/Fixtures/darknet_truth.json").read_text())
PHOTOS = Path("/usr/share/darknet/data")
COCO = ("person, bicycle, car, motorcycle, airplane, bus, train, truck, boat, traffic light, fire hydrant, stop sign, "
        "parking meter, bench, bird, cat, dog, horse, sheep, cow, elephant, bear, zebra, giraffe, backpack, umbrella, handbag, "
        "tie, suitcase, frisbee, skis, snowboard, sports ball, kite, baseball bat, baseball glove, skateboard, surfboard, "
        "tennis racket, bottle, wine glass, cup, fork, knife, spoon, bowl, banana, apple, sandwich, orange, broccoli, carrot, "
        "hot dog, pizza, donut, cake, chair, couch, potted plant, bed, dining table, toilet, tv, laptop, mouse, remote, "
        "keyboard, cell phone, microwave, oven, toaster, sink, refrigerator, book, clock, vase, scissors, teddy bear, "
        "hair drier, toothbrush")
DISTRACTORS = ["kitten", "sofa", "airliner", "lorry", "fish", "tree", "cow", "sheep", "motorbike"]


def iou(a, b):
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0


def evaluate(glimpse, classes, rename, score_thr):
    files = [str(PHOTOS / name) for name in TRUTH["images"]]
    out = subprocess.run([glimpse, "detect", "--json", "--classes", classes, "--score-thr", str(score_thr), *files],
                         check=True, capture_output=True, text=True).stdout
    rows = []
    for result in json.loads(out):
        truth = [(rename.get(label, label), box) for label, box in TRUTH["images"][Path(result["image"]).name]]
        matched, tp = set(), 0
        for d in sorted(result["detections"], key=lambda d: -d["score"]):
            best = max(((iou(d["box"], box), i) for i, (label, box) in enumerate(truth)
                        if label == d["label"] and i not in matched), default=(0, None))
            if best[0] >= 0.5:
                matched.add(best[1]); tp += 1
        found = sorted({d["label"] for d in result["detections"]})
        rows.append((Path(result["image"]).name, len(truth), len(result["detections"]), tp, found))
    return rows


def table(title, rows):
    print(f"\n{title}\n")
    print("| photo | objects | detections | correct | precision | recall | labels returned |")
    print("|---|---|---|---|---|---|---|")
    total = [0, 0, 0]
    for name, truth, dets, tp, found in rows:
        total = [total[0] + truth, total[1] + dets, total[2] + tp]
        p = f"{tp / dets:.2f}" if dets else "-"
        print(f"| {name} | {truth} | {dets} | {tp} | {p} | {tp / truth:.2f} | {', '.join(found)} |")
    print(f"| **all** | {total[0]} | {total[1]} | {total[2]} | {total[2] / max(total[1], 1):.2f} | {total[2] / total[0]:.2f} | |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--glimpse", default=str(ROOT / ".build/debug/glimpse"))
    ap.add_argument("--score-thr", type=float, default=0.3)
    args = ap.parse_args()
    table("COCO words (80 names)", evaluate(args.glimpse, COCO, {}, args.score_thr))
    synonyms = TRUTH["synonyms"]
    words = sorted(set(synonyms.values())) + DISTRACTORS
    table("Words that are not COCO names (" + ", ".join(words) + ")",
          evaluate(args.glimpse, ", ".join(words), synonyms, args.score_thr))


if __name__ == "__main__":
    main()
