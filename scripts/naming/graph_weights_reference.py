#!/usr/bin/env python3
"""NumPy's reading of graph-weights.bin (format in train_graph_weights.py), for the tests: the
weight rows of the given synsets, their logits for seeded features and the probability beside
a given logsumexp of the real classes.

usage: graph_weights_reference.py FILE OFFSET... [--seed S] [--logsumexp L]   (prints JSON)
"""
import argparse
import json
import struct

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("offsets", type=int, nargs="+")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--logsumexp", type=float, default=5.0)
    args = parser.parse_args()
    raw = open(args.file, "rb").read()
    assert raw[:4] == b"GLGW"
    version, count, hidden, width, scale = struct.unpack("<IIIIf", raw[4:24])
    offsets = np.frombuffer(raw, "<u4", count, 24)
    states = np.frombuffer(raw, "<f2", count * hidden, 24 + 4 * count).reshape(count, hidden).astype(np.float64)
    theta = np.frombuffer(raw, "<f4", hidden * width, 24 + 4 * count + 2 * count * hidden).reshape(hidden, width).astype(np.float64)
    features = np.random.default_rng(args.seed).standard_normal(width - 1)
    result = {}
    for offset in args.offsets:
        rows = np.nonzero(offsets == offset)[0]
        if len(rows) == 0:
            result[str(offset)] = None
            continue
        weights = states[rows[0]] @ theta
        weights = weights / np.linalg.norm(weights) * scale
        logit = float(weights[:-1] @ features + weights[-1])
        result[str(offset)] = {"weights": weights.tolist(), "logit": logit,
                               "probability": float(1 / (1 + np.exp(args.logsumexp - logit)))}
    print(json.dumps({"features": features.tolist(), "logsumexp": args.logsumexp, "synsets": result}))


if __name__ == "__main__":
    main()
