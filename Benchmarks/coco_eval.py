#!/usr/bin/env python3
"""Side-by-side COCO bbox evaluation timing: Glimpse (Swift) vs pycocotools vs faster-coco-eval.

Generates a synthetic 5,000-image set (fixed seed), then times each evaluator end to end — read the
GT and results files, evaluate, accumulate, summarise — and prints the times, the ratios and whether
the 12 stats agree.

    swift build -c release --product glimpse-benchmarks
    /root/.cache/glimpse/venv-eval/bin/python Benchmarks/coco_eval.py [--images 5000]
"""
import argparse, contextlib, io, json, os, subprocess, sys, tempfile, time
import numpy as np


def make_set(n_images, n_cats, seed):
    rng = np.random.default_rng(seed)
    images = [{"id": i + 1, "width": 640, "height": 480, "file_name": "%06d.jpg" % (i + 1)} for i in range(n_images)]
    categories = [{"id": c + 1, "name": "class%d" % (c + 1)} for c in range(n_cats)]
    anns, dets = [], []
    for img in images:
        n = rng.poisson(7)
        for _ in range(n):
            w, h = np.exp(rng.uniform(np.log(4), np.log(400), 2))
            x, y = rng.uniform(0, 640 - min(w, 600)), rng.uniform(0, 480 - min(h, 440))
            box = [round(float(x), 2), round(float(y), 2), round(float(w), 2), round(float(h), 2)]
            cat = int(rng.integers(1, n_cats + 1))
            anns.append({"id": len(anns) + 1, "image_id": img["id"], "category_id": cat, "bbox": box,
                         "area": round(box[2] * box[3] * float(rng.uniform(0.6, 1.0)), 2),
                         "iscrowd": int(rng.random() < 0.02)})
            for _ in range(int(rng.integers(0, 4))):  # true positives with jitter, some with the wrong class
                j = rng.normal(0, 0.08, 4)
                d = [box[0] + j[0] * box[2], box[1] + j[1] * box[3], box[2] * np.exp(j[2]), box[3] * np.exp(j[3])]
                dcat = cat if rng.random() < 0.8 else int(rng.integers(1, n_cats + 1))
                dets.append({"image_id": img["id"], "category_id": dcat, "bbox": [round(float(v), 2) for v in d],
                             "score": round(float(rng.random()), 3)})
        for _ in range(int(rng.integers(10, 40))):  # background false positives
            w, h = np.exp(rng.uniform(np.log(4), np.log(300), 2))
            dets.append({"image_id": img["id"], "category_id": int(rng.integers(1, n_cats + 1)),
                         "bbox": [round(float(rng.uniform(0, 600)), 2), round(float(rng.uniform(0, 440)), 2),
                                  round(float(w), 2), round(float(h), 2)],
                         "score": round(float(rng.random()) * 0.6, 3)})
    return {"images": images, "annotations": anns, "categories": categories}, dets


def time_pycocotools(gt_path, dt_path):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_path); dt = gt.loadRes(dt_path)
        ev = COCOeval(gt, dt, "bbox"); ev.evaluate(); ev.accumulate(); ev.summarize()
    return time.perf_counter() - start, [float(s) for s in ev.stats]


def time_faster_coco_eval(gt_path, dt_path):
    from faster_coco_eval import COCO, COCOeval_faster
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_path); dt = gt.loadRes(dt_path)
        ev = COCOeval_faster(gt, dt, "bbox"); ev.evaluate(); ev.accumulate(); ev.summarize()
    return time.perf_counter() - start, [float(s) for s in ev.stats[:12]]


def time_glimpse(binary, gt_path, dt_path, repeats):
    out = subprocess.run([binary, "coco-eval", "--gt", gt_path, "--dt", dt_path, "--repeats", str(repeats)],
                         check=True, capture_output=True, text=True).stdout
    line = json.loads(out.strip().splitlines()[-1])
    return line["seconds"], line["stats"], line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=5000)
    parser.add_argument("--categories", type=int, default=80)
    parser.add_argument("--repeats", type=int, default=3, help="best of N for every evaluator")
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "glimpse-benchmarks"))
    args = parser.parse_args()
    gt, dets = make_set(args.images, args.categories, seed=5000)
    with tempfile.TemporaryDirectory() as folder:
        gt_path, dt_path = os.path.join(folder, "gt.json"), os.path.join(folder, "dt.json")
        json.dump(gt, open(gt_path, "w")); json.dump(dets, open(dt_path, "w"))
        print("set: %d images, %d annotations, %d detections, %d categories"
              % (len(gt["images"]), len(gt["annotations"]), len(dets), len(gt["categories"])))
        results = {}
        results["pycocotools"] = min((time_pycocotools(gt_path, dt_path) for _ in range(args.repeats)), key=lambda r: r[0])
        try:
            results["faster-coco-eval"] = min((time_faster_coco_eval(gt_path, dt_path) for _ in range(args.repeats)), key=lambda r: r[0])
        except ImportError:
            print("faster-coco-eval is not installed: its column is left out")
        seconds, stats, line = time_glimpse(args.binary, gt_path, dt_path, args.repeats)
        results["glimpse"] = (seconds, stats)
    reference = results["pycocotools"][1]
    for name, (seconds, stats) in results.items():
        agree = max(abs(a - b) for a, b in zip(stats, reference))
        print("%-17s %8.3f s   max |stat - pycocotools| = %.2e" % (name, seconds, agree))
    print("glimpse load %.3f s + evaluate %.3f s" % (line["load_seconds"], line["evaluate_seconds"]))
    g = results["glimpse"][0]
    print("speed-up: %.1fx vs pycocotools" % (results["pycocotools"][0] / g)
          + (", %.2fx vs faster-coco-eval" % (results["faster-coco-eval"][0] / g) if "faster-coco-eval" in results else ""))


if __name__ == "__main__":
    main()
