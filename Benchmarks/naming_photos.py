#!/usr/bin/env python3
"""How well `glimpse detect` names things: precision and recall on the naming photos against
hand-drawn boxes labelled with words that are not COCO class names (Benchmarks/naming/truth.json).

    bash scripts/data/fetch_naming_photos.sh          # once: the 21 photos
    python3 Benchmarks/naming_photos.py [--glimpse .build/release/glimpse] [--score-thr 0.3]
        [--extra "--naming wordnet"] [--row "conse=--naming conse" --row "wordnet=--naming wordnet"]
        [--chinese] [--per-photo]

Each row runs `glimpse detect --json --classes <every word of the set and a few absent
distractors> --score-thr T` on all photos, with --extra and then the row's own arguments
appended; with no --row there is one row, "default", with no arguments of its own. --chinese
gives the Simplified Chinese words instead.

A detection is correct when its label is the word of a not yet matched truth box (or one of
the box's 'accept' words) with IoU >= 0.5, greedy, best score first, as in
Benchmarks/detect_photos.py. A detection that is not correct, covers no truth box at IoU >= 0.5
and lies on an ignored box (IoU >= 0.5, or for a crowd region at least half of the detection
inside it) is left out of the detections; every other detection that is not correct is a false
positive. "located" counts the objects that some detection covers at IoU >= 0.5 under
any name: the gap between located and correct is what naming loses. Prints a Markdown table
with one line per row, then each row's misses, each saying what overlapped the object.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Benchmarks"))
from detect_photos import iou  # noqa: E402  (one IoU for both photo benchmarks)

TRUTH = json.loads((ROOT / "Benchmarks/naming/truth.json").read_text())
CACHE = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
IOU_THR = 0.5


def inside(det, region):
    """Share of the detection's area that lies in the region."""
    ix = max(0, min(det[2], region[2]) - max(det[0], region[0]))
    iy = max(0, min(det[3], region[3]) - max(det[1], region[1]))
    area = (det[2] - det[0]) * (det[3] - det[1])
    return ix * iy / area if area > 0 else 0


def norm(word):
    return " ".join(word.split()).casefold()


def vocabulary(chinese):
    """The words given to glimpse, and a function naming each truth object with its accepted words."""
    to_zh = {}
    for photo in TRUTH["photos"]:
        for o in photo["objects"]:
            if to_zh.setdefault(o["word"], o["zh"]) != o["zh"]:
                sys.exit(f"truth.json: '{o['word']}' has two Chinese words")
    for d in TRUTH["distractors"]:
        to_zh[d["word"]] = d["zh"]
    say = (lambda w: to_zh[w]) if chinese else (lambda w: w)
    words = [say(w) for w in dict.fromkeys([o["word"] for p in TRUTH["photos"] for o in p["objects"]]
                                            + [d["word"] for d in TRUTH["distractors"]])]
    if any("," in w for w in words):
        sys.exit("truth.json: a word holds a comma")

    def names(obj):
        return [say(obj["word"])] + [say(w) for w in obj.get("accept", [])]
    return words, names


def run_glimpse(glimpse, photos, words, score_thr, args):
    files = [str(photos / p["file"]) for p in TRUTH["photos"]]
    cmd = [glimpse, "detect", "--json", "--classes", ", ".join(words), "--score-thr", str(score_thr), *args, *files]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{shlex.join(cmd[:2] + args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    by_name = {Path(r["image"]).name: r for r in json.loads(done.stdout)}
    missing = [p["file"] for p in TRUTH["photos"] if p["file"] not in by_name]
    if missing:
        sys.exit(f"glimpse returned nothing for {', '.join(missing)}")
    return by_name


def score_photo(photo, result, names):
    truth = [(o, {norm(n) for n in names(o)}) for o in photo["objects"]]
    dets = sorted(result["detections"], key=lambda d: -d["score"])
    matched, kept, fps = set(), 0, []
    for d in dets:
        label = norm(d["label"])
        best = max(((iou(d["box"], o["box"]), i) for i, (o, ok) in enumerate(truth)
                    if label in ok and i not in matched), default=(0, None))
        if best[0] >= IOU_THR:
            matched.add(best[1]); kept += 1
            continue
        # On an ignored box, and not on an object it misnames: left out.
        on_object = any(iou(d["box"], o["box"]) >= IOU_THR for o, _ in truth)
        if not on_object and any(inside(d["box"], g["box"]) >= IOU_THR if g.get("crowd") else iou(d["box"], g["box"]) >= IOU_THR
                                 for g in photo["ignored"]):
            continue
        kept += 1
        fps.append(d)
    misses, located = [], 0
    for i, (o, _) in enumerate(truth):
        over = [d for d in dets if iou(d["box"], o["box"]) >= IOU_THR]
        located += bool(over)
        if i not in matched:
            misses.append((o, over))
    return {"objects": len(truth), "detections": kept, "correct": len(matched), "located": located,
            "misses": misses, "false_positives": fps}


def evaluate(glimpse, photos, words, names, score_thr, args):
    results = run_glimpse(glimpse, photos, words, score_thr, args)
    return [(p["file"], score_photo(p, results[p["file"]], names)) for p in TRUTH["photos"]]


def total(per_photo):
    keys = ("objects", "detections", "correct", "located")
    return {k: sum(s[k] for _, s in per_photo) for k in keys}


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def describe_miss(over):
    if not over:
        return "no detection overlaps it (IoU >= 0.5)"
    seen = {}
    for d in sorted(over, key=lambda d: -d["score"]):
        seen.setdefault(d["label"], d["score"])
    return "found, but named " + ", ".join(f"{label} {score:.2f}" for label, score in seen.items())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[2:]))
    ap.add_argument("--glimpse", default=str(ROOT / ".build/release/glimpse"))
    ap.add_argument("--photos", default=str(CACHE / "naming-photos"), help="folder filled by scripts/data/fetch_naming_photos.sh")
    ap.add_argument("--score-thr", type=float, default=0.3)
    ap.add_argument("--extra", action="append", default=[], help="arguments added to every glimpse run (repeatable)")
    ap.add_argument("--row", action="append", default=[], metavar="NAME=ARGS",
                    help="a row of the table: its name and the glimpse arguments it adds (repeatable)")
    ap.add_argument("--chinese", action="store_true", help="give glimpse the Chinese words")
    ap.add_argument("--per-photo", action="store_true", help="also print each row's numbers photo by photo")
    args = ap.parse_args()

    photos = Path(args.photos)
    absent = [p["file"] for p in TRUTH["photos"] if not (photos / p["file"]).is_file()]
    if absent:
        sys.exit(f"{photos} lacks {', '.join(absent)}: run scripts/data/fetch_naming_photos.sh")
    if not Path(args.glimpse).is_file():
        sys.exit(f"no glimpse at {args.glimpse}: build it or give --glimpse")
    rows = []
    for spec in args.row or ["default="]:
        name, sep, extra = spec.partition("=")
        if not sep or not name:
            sys.exit(f"--row '{spec}': expected NAME=ARGS")
        rows.append((name, shlex.split(extra)))
    common = [a for e in args.extra for a in shlex.split(e)]

    words, names = vocabulary(args.chinese)
    n_objects = sum(len(p["objects"]) for p in TRUTH["photos"])
    print(f"{len(TRUTH['photos'])} photos, {n_objects} objects; --score-thr {args.score_thr}"
          + (f"; every run adds: {shlex.join(common)}" if common else ""))
    print(f"Words ({len(words)}, the last {len(TRUTH['distractors'])} absent from the photos): {', '.join(words)}")

    outcomes = [(name, extra, evaluate(args.glimpse, photos, words, names, args.score_thr, common + extra))
                for name, extra in rows]

    print("\n| row | glimpse arguments | objects | detections | correct | precision | recall | located |")
    print("|---|---|---|---|---|---|---|---|")
    for name, extra, per_photo in outcomes:
        t = total(per_photo)
        print(f"| {name} | {shlex.join(common + extra) or '-'} | {t['objects']} | {t['detections']} | {t['correct']} | "
              f"{ratio(t['correct'], t['detections'])} | {ratio(t['correct'], t['objects'])} | {t['located']} |")

    for name, _, per_photo in outcomes:
        if args.per_photo:
            print(f"\n{name}, photo by photo:\n")
            print("| photo | objects | detections | correct | precision | recall | located |")
            print("|---|---|---|---|---|---|---|")
            for file, s in per_photo:
                print(f"| {file} | {s['objects']} | {s['detections']} | {s['correct']} | {ratio(s['correct'], s['detections'])} | "
                      f"{ratio(s['correct'], s['objects'])} | {s['located']} |")
        misses = [(file, o, over) for file, s in per_photo for o, over in s["misses"]]
        print(f"\n{name}: {len(misses)} missed\n")
        for file, o, over in misses:
            word = names(o)[0]
            print(f"- {file}: {word} {o['box']}: {describe_miss(over)}")
        fps = [(file, d) for file, s in per_photo for d in s["false_positives"]]
        if fps:
            listed = ", ".join(f"{d['label']} {d['score']:.2f} ({file})" for file, d in sorted(fps, key=lambda x: -x[1]["score"]))
            print(f"\n{name}: {len(fps)} false positives: {listed}")


if __name__ == "__main__":
    main()
