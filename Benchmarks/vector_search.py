#!/usr/bin/env python3
"""Top-k search over 1M synthetic 512-d vectors: Glimpse (exact BLAS scan and IVF) beside NumPy
brute force and faiss-cpu (IndexFlatL2 and IndexIVFFlat with the same cells and probes), on the
same vectors and queries, in one run. Prints each side's time, queries per second, memory, the
ratios, and the IVF recall@k against exact search.

The vectors are clustered (unit-length points scattered around random centres), as image
embeddings are; on structureless Gaussian noise no inverted file can keep recall.

Run with the search venv after `swift build -c release --product glimpse-benchmarks`:
    ~/.cache/glimpse/venvs/search/bin/python Benchmarks/vector_search.py [--vectors 1000000] [--queries 200]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def make_data(n, q, d, centres, seed):
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centres, d), dtype=np.float32)
    c /= np.linalg.norm(c, axis=1, keepdims=True)

    def sample(count):
        out = np.empty((count, d), dtype=np.float32)
        for s in range(0, count, 65536):
            e = min(s + 65536, count)
            x = c[rng.integers(0, centres, e - s)] + 0.06 * rng.standard_normal((e - s, d), dtype=np.float32)
            out[s:e] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out

    return sample(n), sample(q)


def numpy_topk(gallery, queries, k, block=50):
    """Brute force as one would write it in NumPy: |g|² - 2 q·g per block of queries, argpartition."""
    norms = np.einsum("ij,ij->i", gallery, gallery)
    result = np.empty((len(queries), k), dtype=np.int64)
    for s in range(0, len(queries), block):
        scores = norms[None, :] - 2 * (queries[s:s + block] @ gallery.T)
        part = np.argpartition(scores, k, axis=1)[:, :k]
        order = np.take_along_axis(scores, part, 1).argsort(axis=1)
        result[s:s + block] = np.take_along_axis(part, order, 1)
    return result


def recall(found, exact):
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found, exact)]))


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dimension", type=int, default=512)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--lists", type=int, default=1024)
    parser.add_argument("--probes", type=int, default=32)
    parser.add_argument("--centres", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "glimpse-benchmarks"))
    args = parser.parse_args()

    t = time.perf_counter()
    gallery, queries = make_data(args.vectors, args.queries, args.dimension, args.centres, args.seed)
    print("data: %d x %d (%.0f MB) + %d queries, made in %.1f s" % (
        args.vectors, args.dimension, gallery.nbytes / 2**20, args.queries, time.perf_counter() - t), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="glimpse-vector-bench-") as work:
        vpath, qpath, ipath = (os.path.join(work, n) for n in ("vectors.f32", "queries.f32", "indices.i32"))
        gallery.tofile(vpath)
        queries.tofile(qpath)

        # Glimpse (its own process; its memory is its own)
        out = subprocess.run([args.binary, "vector-search", "--vectors", vpath, "--queries", qpath, "--dimension", str(args.dimension),
                              "--k", str(args.k), "--lists", str(args.lists), "--probes", str(args.probes), "--indices-out", ipath],
                             check=True, capture_output=True, text=True)
        swift = json.loads(out.stdout.strip().splitlines()[-1])
        swift_exact = np.fromfile(ipath, dtype=np.int32).reshape(args.queries, args.k)

    # NumPy brute force
    base_rss = rss_mb()
    t = time.perf_counter()
    np_exact = numpy_topk(gallery, queries, args.k)
    numpy_s = time.perf_counter() - t
    numpy_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    result = {"numpy_s": numpy_s, "numpy_qps": args.queries / numpy_s, "numpy_peak_rss_mb": numpy_peak,
              "agreement_glimpse_vs_numpy": recall(swift_exact, np_exact), "swift": swift}
    try:
        import faiss
        flat = faiss.IndexFlatL2(args.dimension)
        flat.add(gallery)
        t = time.perf_counter()
        _, faiss_exact = flat.search(queries, args.k)
        result["faiss_flat_s"] = time.perf_counter() - t
        result["faiss_flat_qps"] = args.queries / result["faiss_flat_s"]
        result["agreement_faiss_vs_numpy"] = recall(faiss_exact, np_exact)
        del flat
        quantizer = faiss.IndexFlatL2(args.dimension)
        ivf = faiss.IndexIVFFlat(quantizer, args.dimension, args.lists)
        t = time.perf_counter()
        ivf.train(gallery[np.random.default_rng(1).choice(len(gallery), min(len(gallery), 65536), replace=False)])
        ivf.add(gallery)
        result["faiss_ivf_build_s"] = time.perf_counter() - t
        ivf.nprobe = args.probes
        t = time.perf_counter()
        _, faiss_ivf = ivf.search(queries, args.k)
        result["faiss_ivf_s"] = time.perf_counter() - t
        result["faiss_ivf_qps"] = args.queries / result["faiss_ivf_s"]
        result["faiss_ivf_recall"] = recall(faiss_ivf, np_exact)
        result["faiss_version"] = faiss.__version__
    except ImportError:
        result["faiss"] = "not installed"
    result["python_rss_base_mb"] = base_rss

    s = swift
    print(json.dumps(result, sort_keys=True))
    print("\n%d vectors x %d-d, %d queries, top-%d" % (args.vectors, args.dimension, args.queries, args.k))
    print("exact   Glimpse %7.2f s (%6.1f q/s)  NumPy %7.2f s (%6.1f q/s)  -> Glimpse %.2fx NumPy" % (
        s["exact_s"], s["exact_qps"], numpy_s, args.queries / numpy_s, numpy_s / s["exact_s"]))
    if "faiss_flat_s" in result:
        print("        faiss IndexFlatL2 %7.2f s (%6.1f q/s) -> Glimpse %.2fx faiss" % (
            result["faiss_flat_s"], result["faiss_flat_qps"], result["faiss_flat_s"] / s["exact_s"]))
    print("        top-%d agreement with NumPy: Glimpse %.4f%s" % (args.k, result["agreement_glimpse_vs_numpy"],
          ", faiss %.4f" % result["agreement_faiss_vs_numpy"] if "agreement_faiss_vs_numpy" in result else ""))
    if "ivf_s" in s:
        print("IVF     Glimpse build %.1f s, search %.3f s (%.0f q/s), recall@%d %.4f  [lists %d, probes %d]" % (
            s["ivf_build_s"], s["ivf_s"], s["ivf_qps"], args.k, s["ivf_recall"], args.lists, args.probes))
        if "faiss_ivf_s" in result:
            print("        faiss build %.1f s, search %.3f s (%.0f q/s), recall@%d %.4f -> Glimpse search %.2fx faiss" % (
                result["faiss_ivf_build_s"], result["faiss_ivf_s"], result["faiss_ivf_qps"], args.k, result["faiss_ivf_recall"],
                result["faiss_ivf_s"] / s["ivf_s"]))
    print("memory  raw vectors %.0f MB; Glimpse RSS after load %.0f MB, after exact search %.0f MB, with IVF %.0f MB, peak %.0f MB" % (
        s["raw_mb"], s["rss_after_load_mb"], s["rss_after_exact_mb"], s.get("rss_with_ivf_mb", 0), s["peak_rss_mb"]))
    print("        Python process peak %.0f MB after NumPy (includes making the data; faiss not yet loaded)" % numpy_peak)


if __name__ == "__main__":
    main()
