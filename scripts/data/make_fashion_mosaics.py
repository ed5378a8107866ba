#!/usr/bin/env python3
"""A real multi-label image set from Debian's dataset-fashion-mnist: mosaics of 2-4 products.

Each image is a 256x256 white canvas with 2 to 4 Fashion-MNIST products (inverted to dark on
white, like catalogue photos, each scaled to 64-112 px with bicubic and placed where it
overlaps the others little). The products of one image mostly come from one "outfit"
(casual, office, summer, winter), with a 20% chance per product of any other class, so labels
co-occur the way clothes do and the co-occurrence matrix has something to learn.

train/ takes products from the Fashion-MNIST training images, test/ from its test images, so
nothing learned on train/ (co-occurrence, few-shot adapters) has seen a test product.

Writes, under OUT (default /tmp/glimpse-mosaics):
  train/*.png, test/*.png              the mosaics
  train.json, test.json                labels: {"classes", "image_ids" (file names), "matrix"}
                                       as `glimpse eval multilabel --gt` reads
  test_coco.json                       the same test set as COCO boxes
  classes.txt                          the vocabulary, one class per line

Usage: make_fashion_mosaics.py [OUT] [--train N] [--test N] [--seed S]
Needs NumPy and Pillow (e.g. ~/.cache/glimpse/venvs/convert-torch/bin/python).
"""
import argparse, gzip, json, os
import numpy as np
from PIL import Image

SOURCE = "/usr/share/datasets/fashion-mnist"
CLASSES = ["t-shirt", "trousers", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"]
OUTFITS = {
    "casual": ["t-shirt", "trousers", "sneaker", "bag"],
    "office": ["shirt", "trousers", "ankle boot", "bag"],
    "summer": ["dress", "sandal", "bag", "t-shirt"],
    "winter": ["coat", "pullover", "ankle boot", "trousers"],
}
CANVAS = 256


def read_idx(name):
    with gzip.open(os.path.join(SOURCE, name), "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def overlap(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    return inter / min(a[2] * a[3], b[2] * b[3])


def make_split(rng, images, labels, count, folder, prefix):
    by_class = [np.flatnonzero(labels == c) for c in range(len(CLASSES))]
    os.makedirs(folder, exist_ok=True)
    ids, matrix, boxes = [], [], []
    outfit_names = sorted(OUTFITS)
    for n in range(count):
        outfit = OUTFITS[outfit_names[rng.integers(len(outfit_names))]]
        size = int(rng.integers(2, 5))
        chosen = []
        while len(chosen) < size:
            name = CLASSES[rng.integers(len(CLASSES))] if rng.random() < 0.2 else outfit[rng.integers(len(outfit))]
            if name not in chosen:
                chosen.append(name)
        canvas = Image.new("RGB", (CANVAS, CANVAS), (255, 255, 255))
        placed = []
        for name in chosen:
            c = CLASSES.index(name)
            product = images[by_class[c][rng.integers(len(by_class[c]))]]
            side = int(rng.integers(64, 113))
            tile = Image.fromarray(255 - product).resize((side, side), Image.BICUBIC).convert("RGB")
            for _ in range(200):
                box = (int(rng.integers(0, CANVAS - side + 1)), int(rng.integers(0, CANVAS - side + 1)), side, side)
                if all(overlap(box, p) < 0.15 for p, _ in placed):
                    break
            # Darker of the two where products touch: white backgrounds never hide a product.
            region = canvas.crop((box[0], box[1], box[0] + side, box[1] + side))
            canvas.paste(Image.fromarray(np.minimum(np.asarray(region), np.asarray(tile))), box[:2])
            placed.append((box, c))
        file = f"{prefix}-{n:04d}.png"
        canvas.save(os.path.join(folder, file))
        ids.append(file)
        row = [0] * len(CLASSES)
        for _, c in placed:
            row[c] = 1
        matrix.append(row)
        boxes.append(placed)
    return ids, matrix, boxes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="/tmp/glimpse-mosaics")
    parser.add_argument("--train", type=int, default=300)
    parser.add_argument("--test", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    splits = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", args.train),
              "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", args.test)}
    for split, (image_file, label_file, count) in splits.items():
        ids, matrix, boxes = make_split(rng, read_idx(image_file), read_idx(label_file), count,
                                        os.path.join(args.out, split), split)
        with open(os.path.join(args.out, f"{split}.json"), "w") as f:
            json.dump({"classes": CLASSES, "image_ids": ids, "matrix": matrix}, f)
        if split == "test":
            coco = {"images": [{"id": i + 1, "file_name": name, "width": CANVAS, "height": CANVAS} for i, name in enumerate(ids)],
                    "categories": [{"id": c + 1, "name": name} for c, name in enumerate(CLASSES)],
                    "annotations": []}
            for i, placed in enumerate(boxes):
                for box, c in placed:
                    coco["annotations"].append({"id": len(coco["annotations"]) + 1, "image_id": i + 1, "category_id": c + 1,
                                                "bbox": list(box), "area": box[2] * box[3], "iscrowd": 0})
            with open(os.path.join(args.out, "test_coco.json"), "w") as f:
                json.dump(coco, f)
    with open(os.path.join(args.out, "classes.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    print(f"wrote {args.train} train and {args.test} test mosaics under {args.out}")


if __name__ == "__main__":
    main()
