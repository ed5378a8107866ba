#!/usr/bin/env python3
"""Writes a fixed-seed Fashion-MNIST subset as PNG files in class folders, for the search proof.

    OUT/gallery/<class>/train-<index>.png   GALLERY pictures per class from the training set
    OUT/queries/<class>/test-<index>.png    QUERIES pictures per class from the test set
    OUT/relevant.json                       {query path: [gallery paths of the same class]}
                                            (glimpse eval retrieval's ground truth)

Source: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), 28x28 grey product
photos in 10 classes. Uses only the standard library plus numpy and Pillow (the search venv).

With --polarity photo the intensities are negated back: Fashion-MNIST's conversion negated the
shop photos (Xiao et al. 2017, step 6: "negating the intensities"), so this restores dark products
on a light background, as in the original photos. The default keeps the dataset's values.

usage: fashion_mnist_subset.py OUT [--gallery 100] [--queries 30] [--seed 2026] [--polarity dataset|photo]
"""
import argparse, gzip, json, os
import numpy as np
from PIL import Image

DATA = "/usr/share/datasets/fashion-mnist"
CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(magic & 0xFF)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def pick(labels, per_class, rng):
    chosen = []
    for c in range(len(CLASSES)):
        rows = np.flatnonzero(labels == c)
        chosen += sorted(rng.choice(rows, size=per_class, replace=False).tolist())
    return chosen


def write(images, labels, rows, folder, prefix, negate):
    paths = {}
    for row in rows:
        label = CLASSES[labels[row]]
        path = os.path.abspath(os.path.join(folder, label, "%s-%05d.png" % (prefix, row)))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        Image.fromarray(255 - images[row] if negate else images[row], mode="L").save(path)
        paths[path] = label
    return paths


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--gallery", type=int, default=100)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--polarity", choices=["dataset", "photo"], default="dataset")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    train_images, train_labels = read_idx("train-images-idx3-ubyte.gz"), read_idx("train-labels-idx1-ubyte.gz")
    test_images, test_labels = read_idx("t10k-images-idx3-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz")
    gallery = write(train_images, train_labels, pick(train_labels, args.gallery, rng), os.path.join(args.out, "gallery"), "train",
                    args.polarity == "photo")
    queries = write(test_images, test_labels, pick(test_labels, args.queries, rng), os.path.join(args.out, "queries"), "test",
                    args.polarity == "photo")
    by_class = {}
    for path, label in gallery.items():
        by_class.setdefault(label, []).append(path)
    relevant = {path: sorted(by_class[label]) for path, label in queries.items()}
    with open(os.path.join(args.out, "relevant.json"), "w") as f:
        json.dump(relevant, f)
    print("gallery %d, queries %d -> %s" % (len(gallery), len(queries), args.out))


if __name__ == "__main__":
    main()
