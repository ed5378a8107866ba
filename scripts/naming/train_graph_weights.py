#!/usr/bin/env python3
"""Predicts classifier weights for WordNet synsets no ImageNet class covers: DGP-style graph
propagation (Kampffmeyer et al., CVPR 2019, "Rethinking Knowledge Graph Propagation for
Zero-Shot Learning"), trained on EfficientNet-Lite0's own 1000 classifier weight vectors.

- Graph: WordNet 3.0 nouns beneath physical_entity (people and substances left out, their
  ancestors kept) and possessions (money), hypernym edges ('@' and '@i'), each node joined densely to all its
  ancestors and descendants, hop distances bucketed 0 (itself), 1, 2, 3, >=4.
- Node features: MiniLM sentence embeddings of the synset's first two lemmas (the paper uses
  word vectors of the names).
- Model: phase 1 averages each node's ancestors per hop bucket, mixes the buckets with learnt
  softmax weights, then a linear layer and LeakyReLU (hidden 256); phase 2 does the same over
  descendants, then a linear layer to the 1281 weights (1280 + bias). Loss: mean squared error
  between the L2-normalised prediction and the L2-normalised true weights of the seen classes.
- Checked before the final training: 100 seen classes held out (seeded); their predicted
  weights' cosine to the true ones and the rank of the true class among all 1000 by cosine.

Writes DIR/graph-weights.bin (little endian): b"GLGW", u32 version=1, u32 nodes, u32 hidden,
u32 width (1281), f32 scale (mean norm of the true weights), u32 offsets[nodes] (ascending),
f16 z[nodes][hidden] (phase 2's aggregated hidden state), f32 theta[hidden][width]. A synset's
weights are normalise(z[row] @ theta) * scale, its logit that . [features, 1]. Beside it
graph-weights.json says how it was made and what the held-out check measured.

usage: train_graph_weights.py --out DIR [--epochs N] [--seed S]
       train_graph_weights.py --out DIR --is-current   (exit 0 when DIR's weights were made
                                                        from today's inputs and are intact)
       train_graph_weights.py --self-test   (forward pass against a NumPy reference, tiny graph)
"""
import argparse
import collections
import hashlib
import json
import os
import struct
import sys
import time
from pathlib import Path

import numpy as np

CACHE = Path(os.environ.get("GLIMPSE_CACHE", Path.home() / ".cache/glimpse"))
DATA_NOUN = Path("/usr/share/wordnet/data.noun")
DARKNET_LIST = Path("/usr/share/darknet/data/imagenet.labels.list")
CLASSIFIER = CACHE / "models/efficientnet-lite0/model.onnx"
MINILM = CACHE / "models/minilm-l6-v2"
PHYSICAL_ENTITY = 1930
LEFT_OUT_FILES = {18, 27}   # noun.person, noun.substance
POSSESSION_FILE = 21
BUCKETS = 5                 # hops 0, 1, 2, 3, >=4
HIDDEN = 256
VERSION = 1


# ---- WordNet -------------------------------------------------------------------------------

def read_wordnet(path=DATA_NOUN):
    """offset -> (lexicographer file, lemmas, hypernym offsets)."""
    nodes = {}
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"  "):
                continue
            fields = line.split(b" ")
            offset, lexfile, words = int(fields[0]), int(fields[1]), int(fields[3], 16)
            lemmas = [fields[4 + 2 * k].decode().split("(")[0].replace("_", " ") for k in range(words)]
            i = 4 + 2 * words
            pointers = int(fields[i])
            i += 1
            hypernyms = []
            for _ in range(pointers):
                symbol, target, pos = fields[i], int(fields[i + 1]), fields[i + 2]
                i += 4
                if symbol in (b"@", b"@i") and pos == b"n":
                    hypernyms.append(target)
            nodes[offset] = (lexfile, lemmas, hypernyms)
    return nodes


def ancestor_hops(nodes, offset):
    """Every ancestor of a synset with its shortest hop distance (itself at 0)."""
    hops = {offset: 0}
    frontier = [offset]
    while frontier:
        following = []
        for node in frontier:
            for parent in nodes[node][2]:
                if parent not in hops:
                    hops[parent] = hops[node] + 1
                    following.append(parent)
        frontier = following
    return hops


def graph_nodes(nodes, required):
    """Nodes beneath physical_entity outside the left-out files, money and other possessions
    (naming reads them as visible: "coin"), and the `required` ones (the ImageNet classes: a
    few are people, "scuba diver"), plus all their ancestors."""
    keep = set()
    for offset, (lexfile, _, _) in nodes.items():
        hops = ancestor_hops(nodes, offset)
        if offset in required or lexfile == POSSESSION_FILE or (PHYSICAL_ENTITY in hops and lexfile not in LEFT_OUT_FILES):
            keep.update(hops)
    return sorted(keep)


# ---- Propagation matrices ------------------------------------------------------------------

def bucket(hop):
    return min(hop, BUCKETS - 1)


def propagation(ancestors, rows, columns, direction):
    """For each hop bucket, the row-normalised matrix that averages a row's ancestors
    ("up") or descendants ("down") among `columns` at that distance, as (indices, values, shape)."""
    column_index = {c: j for j, c in enumerate(columns)}
    entries = [collections.defaultdict(list) for _ in range(BUCKETS)]
    if direction == "up":
        for r, node in enumerate(rows):
            for other, hop in ancestors[node].items():
                if other in column_index:
                    entries[bucket(hop)][r].append(column_index[other])
    else:
        row_index = {node: r for r, node in enumerate(rows)}
        for other in columns:
            for node, hop in ancestors[other].items():
                if node in row_index:
                    entries[bucket(hop)][row_index[node]].append(column_index[other])
    matrices = []
    for per_row in entries:
        r_idx, c_idx, vals = [], [], []
        for r, cols in per_row.items():
            for c in cols:
                r_idx.append(r)
                c_idx.append(c)
                vals.append(1.0 / len(cols))
        matrices.append((np.array([r_idx, c_idx], dtype=np.int64).reshape(2, -1), np.array(vals, dtype=np.float32),
                         (len(rows), len(columns))))
    return matrices


# ---- The model -----------------------------------------------------------------------------

def make_model(torch, features_width, width, seed):
    torch.manual_seed(seed)
    model = torch.nn.Module()
    model.up_mix = torch.nn.Parameter(torch.zeros(BUCKETS))
    model.down_mix = torch.nn.Parameter(torch.zeros(BUCKETS))
    model.theta_up = torch.nn.Linear(features_width, HIDDEN)
    model.theta_down = torch.nn.Linear(HIDDEN, width, bias=False)
    return model


def forward(torch, model, up, down, dropout=0.0):
    """Predicted (unnormalised) weights for the rows of `down`, and phase 2's aggregated hidden
    state. `up`: per hop bucket, the features averaged over each hidden row's ancestors
    (fixed, so computed once); `down`: per bucket, (row, column, weight) triples averaging
    each output row's descendants among the hidden rows."""
    functional = torch.nn.functional
    up_weights, down_weights = torch.softmax(model.up_mix, 0), torch.softmax(model.down_mix, 0)
    mixed = torch.einsum("b,brf->rf", up_weights, up)
    hidden = functional.leaky_relu(model.theta_up(functional.dropout(mixed, dropout, model.training)), 0.2)
    outputs = down[0]
    aggregated = torch.zeros(outputs, hidden.shape[1])
    for weight, (rows, columns, values) in zip(down_weights, down[1]):
        aggregated = aggregated.index_add(0, rows, hidden[columns] * (weight * values)[:, None])
    return model.theta_down(functional.dropout(aggregated, dropout, model.training)), aggregated


def sparse(torch, matrices):
    return [torch.sparse_coo_tensor(torch.from_numpy(i), torch.from_numpy(v), s).coalesce() for i, v, s in matrices]


def ancestor_averages(torch, matrices, features):
    """Phase 1's input: the features averaged per hop bucket, [buckets, rows, features]."""
    with torch.no_grad():
        return torch.stack([torch.sparse.mm(m, features) for m in sparse(torch, matrices)])


def descendant_triples(torch, matrices):
    return (matrices[0][2][0], [(torch.from_numpy(i[0]), torch.from_numpy(i[1]), torch.from_numpy(v)) for i, v, _ in matrices])


def train(torch, model, up, down, targets, epochs, log):
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=5e-4)
    model.train()
    loss = None
    for epoch in range(epochs):
        optimiser.zero_grad()
        predicted, _ = forward(torch, model, up, down, dropout=0.5)
        loss = ((torch.nn.functional.normalize(predicted, dim=1) - targets) ** 2).sum(1).mean()
        loss.backward()
        optimiser.step()
        if log and (epoch + 1) % 100 == 0:
            log(f"epoch {epoch + 1}: loss {loss.item():.4f}")
    model.eval()
    return float(loss.item())


def training_rows(ancestors, graph, seen):
    """Hidden rows needed to predict the seen nodes: the seen nodes and their descendants."""
    seen_set = set(seen)
    needed = set(seen)
    for node in graph:
        if seen_set.intersection(ancestors[node]):
            needed.add(node)
    return sorted(needed)


# ---- Inputs --------------------------------------------------------------------------------

def classifier_weights():
    import onnx
    from onnx import numpy_helper
    model = onnx.load(str(CLASSIFIER))
    initialisers = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Gemm" and "logits" in node.output:
            weight, bias = initialisers[node.input[1]], initialisers[node.input[2]]
            return np.concatenate([weight, bias[:, None]], axis=1).astype(np.float32)
    sys.exit(f"no Gemm producing 'logits' in {CLASSIFIER}")


def imagenet_offsets():
    wnids = sorted(line.strip() for line in DARKNET_LIST.read_text().splitlines()[:1000])
    return [int(w[1:]) for w in wnids]


def embed_names(texts, log):
    """MiniLM sentence embeddings (the model's own pooled, normalised output)."""
    import onnxruntime
    from tokenizers import BertWordPieceTokenizer
    tokenizer = BertWordPieceTokenizer(str(MINILM / "vocab.txt"), lowercase=True, strip_accents=True)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    session = onnxruntime.InferenceSession(str(MINILM / "model.onnx"), options, providers=["CPUExecutionProvider"])
    encodings = tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    result = np.zeros((len(texts), 384), dtype=np.float32)
    start = time.time()
    for first in range(0, len(order), 256):
        batch = order[first:first + 256]
        length = max(len(encodings[i].ids) for i in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(batch):
            ids[row, :len(encodings[i].ids)] = encodings[i].ids
            mask[row, :len(encodings[i].ids)] = 1
        out = session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        result[batch] = out
        if log and first % (256 * 40) == 0:
            log(f"embedded {first + len(batch)}/{len(texts)} names ({time.time() - start:.0f} s)")
    return result


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def current_inputs():
    return {"data.noun": sha256(DATA_NOUN), "classifier": sha256(CLASSIFIER), "minilm": sha256(MINILM / "model.onnx"),
            "script": sha256(__file__)}


def is_current(out):
    """Whether out/ holds weights made from today's inputs by this script, intact."""
    try:
        made = json.loads((out / "graph-weights.json").read_text())
        return made["inputs"] == current_inputs() and made["sha256"] == sha256(out / "graph-weights.bin")
    except (OSError, ValueError, KeyError):
        return False


# ---- Main ----------------------------------------------------------------------------------

def build(out, epochs, seed, log):
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
    torch.use_deterministic_algorithms(True)
    started = time.time()
    nodes = read_wordnet()
    seen = imagenet_offsets()
    graph = graph_nodes(nodes, set(seen))
    ancestors = {node: ancestor_hops(nodes, node) for node in graph}
    assert all(s in ancestors for s in seen), "an ImageNet class lies outside the graph"
    log(f"graph: {len(graph)} synsets, {len(seen)} with classifier weights")
    texts = [", ".join(nodes[n][1][:2]) for n in graph]
    features_all = embed_names(texts, log)
    index = {n: i for i, n in enumerate(graph)}
    weights = classifier_weights()
    scale = float(np.linalg.norm(weights, axis=1).mean())
    targets = weights / np.linalg.norm(weights, axis=1, keepdims=True)

    def fit(train_classes):
        train_nodes = [seen[c] for c in train_classes]
        rows = training_rows(ancestors, graph, train_nodes)
        columns = sorted({a for r in rows for a in ancestors[r]})
        features = torch.from_numpy(features_all[[index[c] for c in columns]])
        up = ancestor_averages(torch, propagation(ancestors, rows, columns, "up"), features)
        down = descendant_triples(torch, propagation(ancestors, train_nodes, rows, "down"))
        model = make_model(torch, features.shape[1], targets.shape[1], seed)
        loss = train(torch, model, up, down, torch.from_numpy(targets[train_classes]), epochs, log)
        return model, loss

    def predict(model, wanted):
        """Phase 2's aggregated hidden state for `wanted` over the whole graph."""
        with torch.no_grad():
            up = ancestor_averages(torch, propagation(ancestors, graph, graph, "up"), torch.from_numpy(features_all))
            down = descendant_triples(torch, propagation(ancestors, wanted, graph, "down"))
            _, aggregated = forward(torch, model, up, down)
            return aggregated.numpy()

    # Held-out check: 100 seen classes left out of training, predicted from the graph alone.
    # Their own nodes must not pass them their names' targets: the model never sees their weights.
    rng = np.random.default_rng(seed)
    held_out = sorted(rng.choice(1000, 100, replace=False).tolist())
    kept = [c for c in range(1000) if c not in set(held_out)]
    log("held-out check: training on 900 classes")
    model, _ = fit(kept)
    z = predict(model, [seen[c] for c in held_out])
    with torch.no_grad():
        predicted = z @ model.theta_down.weight.numpy().T
    predicted /= np.linalg.norm(predicted, axis=1, keepdims=True)
    cosines = predicted @ targets.T
    own = cosines[np.arange(100), held_out]
    ranks = (cosines > own[:, None]).sum(1)
    check = {"held_out_classes": 100, "mean_cosine_to_true": float(own.mean()),
             "true_class_rank1": float((ranks == 0).mean()), "true_class_top5": float((ranks < 5).mean()),
             "chance_rank1": 0.001}
    log(f"held-out: cosine {check['mean_cosine_to_true']:.3f}, true class first {check['true_class_rank1']:.2f}, top-5 {check['true_class_top5']:.2f}")

    log("final training on all 1000 classes")
    model, loss = fit(list(range(1000)))
    z = predict(model, graph).astype(np.float16)
    theta = model.theta_down.weight.detach().numpy().T.astype(np.float32)   # hidden x width
    out.mkdir(parents=True, exist_ok=True)
    binary = out / "graph-weights.bin"
    tmp = binary.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(b"GLGW" + struct.pack("<IIIIf", VERSION, len(graph), HIDDEN, theta.shape[1], scale))
        f.write(np.asarray(graph, dtype="<u4").tobytes())
        f.write(z.astype("<f2").tobytes())
        f.write(theta.astype("<f4").tobytes())
    os.replace(tmp, binary)
    (out / "graph-weights.json").write_text(json.dumps({
        "version": VERSION, "method": "DGP (ancestor then descendant propagation), scripts/naming/train_graph_weights.py",
        "nodes": len(graph), "hidden": HIDDEN, "width": int(theta.shape[1]), "scale": scale, "seed": seed, "epochs": epochs,
        "final_loss": loss, "held_out_check": check, "seconds": round(time.time() - started, 1),
        "inputs": current_inputs(),
        "sha256": sha256(binary),
    }, indent=2) + "\n")
    log(f"wrote {binary} ({binary.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f} s")


def self_test():
    """The torch forward pass against a NumPy implementation of the same equations on a tiny
    seeded graph (a chain with a branch), and the propagation matrices against hand counts."""
    import torch
    # 1 <- 2 <- 3, 2 <- 4 (2's parent is 1; 3 and 4 are 2's children); 5 <- 3 (3 has two parents).
    nodes = {1: (0, ["a"], []), 2: (0, ["b"], [1]), 3: (0, ["c"], [2, 5]), 4: (0, ["d"], [2]), 5: (0, ["e"], [1])}
    graph = sorted(nodes)
    ancestors = {n: ancestor_hops(nodes, n) for n in graph}
    assert ancestors[3] == {3: 0, 2: 1, 5: 1, 1: 2}, ancestors[3]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 6)).astype(np.float32)
    model = make_model(torch, 6, 4, seed=0)
    with torch.no_grad():
        model.up_mix.copy_(torch.tensor([0.3, -0.2, 0.1, 0.0, 0.5]))
        model.down_mix.copy_(torch.tensor([-0.1, 0.4, 0.2, 0.0, 0.0]))
    model.eval()
    up = ancestor_averages(torch, propagation(ancestors, graph, graph, "up"), torch.from_numpy(x))
    down = descendant_triples(torch, propagation(ancestors, graph, graph, "down"))
    with torch.no_grad():
        predicted, _ = forward(torch, model, up, down)
    # NumPy: the same averages written out from the hop tables.
    def softmax(v):
        e = np.exp(v - v.max())
        return e / e.sum()
    a, d = softmax(model.up_mix.detach().numpy()), softmax(model.down_mix.detach().numpy())
    w1, b1 = model.theta_up.weight.detach().numpy(), model.theta_up.bias.detach().numpy()
    w2 = model.theta_down.weight.detach().numpy()
    def average(values, members):
        return np.mean([values[graph.index(m)] for m in members], axis=0) if members else np.zeros(values.shape[1], np.float32)
    mixed = np.array([sum(a[k] * average(x, [m for m, h in ancestors[n].items() if bucket(h) == k]) for k in range(BUCKETS))
                      for n in graph])
    hidden = mixed @ w1.T + b1
    hidden = np.where(hidden > 0, hidden, 0.2 * hidden)
    aggregated = np.array([sum(d[k] * average(hidden, [m for m in graph if n in ancestors[m] and bucket(ancestors[m][n]) == k])
                               for k in range(BUCKETS)) for n in graph])
    reference = aggregated @ w2.T
    error = np.abs(reference - predicted.numpy()).max()
    assert error < 1e-5, f"forward pass differs from NumPy by {error}"
    # One training step lowers the loss on fixed targets.
    targets = torch.nn.functional.normalize(torch.from_numpy(rng.standard_normal((5, 4)).astype(np.float32)), dim=1)
    before = train(torch, model, up, down, targets, 1, None)
    after = train(torch, model, up, down, targets, 200, None)
    assert after < before, (before, after)
    print(json.dumps({"forward_max_abs_error": float(error), "loss_first_step": before, "loss_after_200": after}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--epochs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--is-current", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.out:
        parser.error("--out DIR is required")
    if args.is_current:
        sys.exit(0 if is_current(args.out) else 1)
    build(args.out, args.epochs, args.seed, lambda m: print(f"graph-weights: {m}", file=sys.stderr, flush=True))


if __name__ == "__main__":
    main()
