#!/usr/bin/env python3
"""Held-out check of cheap ways to improve the default search embedder on Fashion-MNIST, before
any of them goes into the Swift pipeline. Runs the installed mobilenetv2-embed ONNX file with
Python onnxruntime on Pillow-preprocessed pictures (the Swift embedder's preprocessing: grey ->
RGB, resize 224x224 BILINEAR, /255, ImageNet mean/std) for subsets drawn with OTHER seeds than
the README's (2026), so a choice is not tuned on the reported queries.

Variants, each compared with the same queries (paired) against the plain embedder:
    plain          l2-normalised pooled embedding (today's pipeline)
    flip           mean of the embeddings of the picture and its mirror image
    centred        minus the gallery's mean normalised embedding, l2-normalised again
    sqrt+centred   square root of the (non-negative) features first (power normalisation), then centred
    photo          pictures with Fashion-MNIST's negation undone (dark product on light ground)
    pixels         the raw-pixel baseline (28x28 grey, l2-normalised), both polarities

usage: fashion_mnist_tune.py [--seeds 7 11] [--gallery 100] [--queries 100]
(search venv: ~/.cache/glimpse/venvs/search/bin/python; about 3 minutes a seed on one core)
"""
import argparse, importlib.util, json, os
import numpy as np
import onnxruntime as ort
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.environ.get("GLIMPSE_MODELS", os.path.join(
    os.environ.get("GLIMPSE_CACHE", os.path.expanduser("~/.cache/glimpse")), "models"))
spec = importlib.util.spec_from_file_location("subset", os.path.join(HERE, "fashion_mnist_subset.py"))
subset = importlib.util.module_from_spec(spec)
spec.loader.exec_module(subset)


def l2(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ranking_metrics(G, Q, gallery_labels, query_labels):
    """Per-query hit@1 and the mean Recall@1/5/10 and mAP over the whole ranked gallery,
    ties broken by gallery order (as glimpse's exact search)."""
    d = np.sum(G ** 2, 1)[None] - 2 * Q @ G.T
    order = np.argsort(d, axis=1, kind="stable")
    relevant = gallery_labels[order] == query_labels[:, None]
    first = relevant.argmax(1)
    found = np.cumsum(relevant, 1)
    ap = ((found / np.arange(1, relevant.shape[1] + 1)) * relevant).sum(1) / relevant.sum(1)
    return first < 1, {"R@1": 100 * np.mean(first < 1), "R@5": 100 * np.mean(first < 5),
                       "R@10": 100 * np.mean(first < 10), "mAP": 100 * ap.mean()}


class Embedder:
    def __init__(self):
        folder = os.path.join(MODELS, "mobilenetv2-embed")
        manifest = json.load(open(os.path.join(folder, "manifest.json")))
        self.size = tuple(manifest["input"]["size"])
        self.mean = np.array(manifest["input"]["mean"], np.float32)
        self.std = np.array(manifest["input"]["std"], np.float32)
        self.input, self.output = manifest["input"]["name"], manifest["outputs"]["embedding"]
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = ort.InferenceSession(os.path.join(folder, manifest["files"]["model"]), options,
                                            providers=["CPUExecutionProvider"])

    def __call__(self, pictures):
        out = []
        for start in range(0, len(pictures), 32):
            batch = []
            for grey in pictures[start:start + 32]:
                rgb = Image.fromarray(grey, mode="L").convert("RGB").resize((self.size[1], self.size[0]), Image.BILINEAR)
                batch.append(((np.asarray(rgb, np.float32) / np.float32(255) - self.mean) / self.std).transpose(2, 0, 1))
            out.append(self.session.run([self.output], {self.input: np.stack(batch)})[0])
        return np.concatenate(out).astype(np.float64)


def centred(G, Q):
    c = G.mean(0)
    return l2(G - c), l2(Q - c)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    parser.add_argument("--gallery", type=int, default=100)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    train, train_labels = subset.read_idx("train-images-idx3-ubyte.gz"), subset.read_idx("train-labels-idx1-ubyte.gz")
    test, test_labels = subset.read_idx("t10k-images-idx3-ubyte.gz"), subset.read_idx("t10k-labels-idx1-ubyte.gz")
    embed = Embedder()
    for seed in args.seeds:
        rng = np.random.default_rng(seed)  # the same draw as fashion_mnist_subset.py --seed
        g, q = subset.pick(train_labels, args.gallery, rng), subset.pick(test_labels, args.queries, rng)
        gl, ql = train_labels[g], test_labels[q]
        pictures = {"dataset": (train[g], test[q]), "photo": (255 - train[g], 255 - test[q])}
        raw = {pol: (embed(list(G)), embed(list(Q))) for pol, (G, Q) in pictures.items()}
        Gd, Qd = raw["dataset"]
        Gf, Qf = embed([p[:, ::-1].copy() for p in train[g]]), embed([p[:, ::-1].copy() for p in test[q]])
        variants = {
            "plain": (l2(Gd), l2(Qd)),
            "flip": (l2((Gd + Gf) / 2), l2((Qd + Qf) / 2)),
            "centred": centred(l2(Gd), l2(Qd)),
            "sqrt+centred": centred(l2(np.sqrt(np.maximum(Gd, 0))), l2(np.sqrt(np.maximum(Qd, 0)))),
            "photo": (l2(raw["photo"][0]), l2(raw["photo"][1])),
        }
        for pol, (G, Q) in pictures.items():
            flat = lambda a: l2(a.reshape(len(a), -1).astype(np.float64))
            variants["pixels, %s polarity" % pol] = (flat(G), flat(Q))
        print("\nseed %d: gallery %d, queries %d" % (seed, len(g), len(q)))
        print("| variant | R@1 | R@5 | R@10 | mAP | R@1 - plain (paired SE) |\n|---|---|---|---|---|---|")
        base_hits = None
        for name, (G, Q) in variants.items():
            hits, m = ranking_metrics(G, Q, gl, ql)
            if base_hits is None:
                base_hits = hits
            diff = hits.astype(float) - base_hits.astype(float)
            print("| %s | %.1f | %.1f | %.1f | %.1f | %+.1f (%.1f) |" % (
                name, m["R@1"], m["R@5"], m["R@10"], m["mAP"], 100 * diff.mean(), 100 * diff.std(ddof=1) / np.sqrt(len(diff))))


if __name__ == "__main__":
    main()
