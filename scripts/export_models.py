#!/usr/bin/env python3
"""Export CLIP-family and YOLO-World models to ONNX + a Glimpse manifest (schema 1, docs/MODELS.md).

Run this where the internet is reachable (weights come from the model hubs), then copy the output
folders into Glimpse's models folder (`$GLIMPSE_MODELS`, default `~/.cache/glimpse/models`), or use
`glimpse models add FOLDER`.

  pip install "torch==2.13.0" onnx onnxruntime open_clip_torch            # OpenCLIP / OpenAI CLIP
  pip install "torch==2.13.0" onnx onnxruntime cn_clip                    # Chinese-CLIP
  pip install "torch==2.13.0" onnx onnxruntime ultralytics open_clip_torch # YOLO-World

  python scripts/export_models.py clip --model ViT-B-32 --pretrained openai --out models/
  python scripts/export_models.py chinese-clip --model ViT-B-16 --out models/
  python scripts/export_models.py yolo-world --model yolov8s-worldv2.pt --out models/

Each CLIP-style export writes two model folders that share one id prefix:
  <id>-image/  model.onnx (pixel_values -> image_embeds, L2-normalised)   task zero-shot-image
  <id>-text/   model.onnx (input_ids -> text_embeds, L2-normalised)       task zero-shot-text
               + vocab file for the tokenizer
YOLO-World writes one folder: model.onnx (images, txt_feats -> predictions) with the vocabulary's
text embeddings as an input, plus the CLIP text encoder it expects (<id>-text/) so the vocabulary
can be encoded offline, once ("prompt then detect").

Every export is verified: ONNX Runtime vs PyTorch on random inputs, failing when the max abs diff
exceeds 1e-4 (override with --tolerance). `--random-weights` builds the same architecture without
downloading anything, for testing this script (the tests of the Swift side use small random models).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

SCHEMA = 1
OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]


# ---------------------------------------------------------------------------------------------
# shared helpers

def log(message: str) -> None:
    print(f"[export] {message}", file=sys.stderr, flush=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(folder: Path, manifest: dict) -> None:
    names = set(manifest["files"].values())
    if manifest.get("labels"):
        names.add(manifest["labels"])
    if manifest.get("tokenizer"):
        names.add(manifest["tokenizer"]["vocab"])
    manifest = {"schema": SCHEMA, **manifest}
    manifest["sha256"] = {name: sha256_file(folder / name) for name in sorted(names)}
    keys = ["schema", "id", "family", "task", "files", "input", "inputs", "outputs", "tokenizer",
            "embeddingSize", "labels", "extra", "licence", "source", "sha256", "verification"]
    ordered = {key: manifest.get(key) for key in keys if key in manifest or key not in ("inputs",)}
    (folder / "manifest.json").write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n")


def export(module, args: tuple, path: Path, input_names, output_names, dynamic_axes, opset: int) -> None:
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, args, str(path), input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=opset, dynamo=False)


def verify(path: Path, module, feeds: dict, output_names: list[str], tolerance: float) -> dict:
    """Runs PyTorch and ONNX Runtime on the same inputs; exits when they differ by > tolerance."""
    import numpy as np
    import onnxruntime as ort
    import torch

    with torch.no_grad():
        reference = module(*[torch.from_numpy(v) for v in feeds.values()])
    if isinstance(reference, torch.Tensor):
        reference = (reference,)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(output_names, feeds)
    diffs = {name: float(np.max(np.abs(r.numpy().astype(np.float64) - g)))
             for name, r, g in zip(output_names, reference, got)}
    worst = max(diffs.values())
    for name, value in diffs.items():
        log(f"{path.parent.name}: max abs diff {name}: {value:.3e}")
    if not worst <= tolerance:
        raise SystemExit(f"{path}: ONNX Runtime differs from PyTorch by {worst:.3e} (> {tolerance:.0e})")
    import torch as _torch
    return {"reference": f"torch {_torch.__version__.split('+')[0]}", "maxAbsDiff": worst,
            "inputs": "random inputs of the exported shapes", "perOutput": diffs}


def image_input(name: str, size: int, mean, std, resize: str = "bicubic") -> dict:
    return {"name": name, "layout": "NCHW", "dtype": "float32", "size": [size, size], "resize": resize,
            "crop": "center", "mean": list(mean), "std": list(std), "scale": 255.0}


def finish(staging: Path, out: Path) -> None:
    """Moves a finished folder into place, replacing an older export of the same id."""
    if out.exists():
        old = out.with_name(f".old-{out.name}")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)
    log(f"wrote {out}")


# ---------------------------------------------------------------------------------------------
# OpenCLIP / OpenAI CLIP

class ClipImage:
    @staticmethod
    def wrap(model):
        import torch

        class Image(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.model = model

            def forward(self, pixel_values):
                features = self.model.encode_image(pixel_values)
                return features / features.norm(dim=-1, keepdim=True)

        return Image().eval()


class ClipText:
    @staticmethod
    def wrap(model):
        import torch

        class Text(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.model = model

            def forward(self, input_ids):
                features = self.model.encode_text(input_ids)
                return features / features.norm(dim=-1, keepdim=True)

        return Text().eval()


def open_clip_vocab(folder: Path) -> str:
    """Copies open_clip's BPE merges file (bpe_simple_vocab_16e6.txt.gz, unzipped) as vocab.txt."""
    import open_clip

    source = Path(open_clip.__file__).parent / "bpe_simple_vocab_16e6.txt.gz"
    with gzip.open(source, "rb") as handle:
        (folder / "bpe_simple_vocab_16e6.txt").write_bytes(handle.read())
    return "bpe_simple_vocab_16e6.txt"


def export_clip(args) -> list[Path]:
    import numpy as np
    import open_clip
    import torch

    pretrained = None if args.random_weights else args.pretrained
    model, _, preprocess = open_clip.create_model_and_transforms(args.model, pretrained=pretrained)
    model.eval()
    size = model.visual.image_size
    size = size[0] if isinstance(size, (tuple, list)) else int(size)
    mean = getattr(model.visual, "image_mean", None) or OPENAI_MEAN
    std = getattr(model.visual, "image_std", None) or OPENAI_STD
    context = int(getattr(model, "context_length", 77))
    tokenizer = open_clip.get_tokenizer(args.model)
    if type(tokenizer).__name__ != "SimpleTokenizer":
        raise SystemExit(f"{args.model} uses the {type(tokenizer).__name__} tokenizer; Glimpse reads CLIP BPE only")
    model_id = args.id or f"clip-{args.model.lower()}-{(args.pretrained or 'random').lower()}"
    source = f"open_clip:{args.model}:{args.pretrained or 'random weights'}"
    licence = args.licence or "see the weights' model card (OpenAI CLIP: MIT; LAION OpenCLIP: MIT)"
    embed = int(model.text_projection.shape[1]) if hasattr(model, "text_projection") and model.text_projection is not None \
        else int(model.visual.output_dim)
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    written = []

    # image tower
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-image-", dir=out_root))
    image = ClipImage.wrap(model)
    export(image, (torch.zeros(1, 3, size, size),), staging / "model.onnx", ["pixel_values"], ["image_embeds"],
           {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}}, args.opset)
    pixels = np.random.default_rng(0).standard_normal((2, 3, size, size)).astype(np.float32)
    verification = verify(staging / "model.onnx", image, {"pixel_values": pixels}, ["image_embeds"], args.tolerance)
    write_manifest(staging, {
        "id": f"{model_id}-image", "family": "clip", "task": "zero-shot-image",
        "files": {"model": "model.onnx"}, "input": image_input("pixel_values", size, mean, std),
        "outputs": {"image_embeds": "image_embeds"}, "tokenizer": None, "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-text", "normalized": True, "logitScale": float(model.logit_scale.exp()),
                  "resizeShortSide": size, "channelOrder": "RGB"},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-image")
    finish(staging, written[-1])

    # text tower
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-text-", dir=out_root))
    text = ClipText.wrap(model)
    ids = tokenizer(["a photo of a dog", "a diagram"]).to(torch.int64)
    export(text, (ids,), staging / "model.onnx", ["input_ids"], ["text_embeds"],
           {"input_ids": {0: "batch"}, "text_embeds": {0: "batch"}}, args.opset)
    verification = verify(staging / "model.onnx", text, {"input_ids": ids.numpy()}, ["text_embeds"], args.tolerance)
    vocab = open_clip_vocab(staging)
    write_manifest(staging, {
        "id": f"{model_id}-text", "family": "clip", "task": "zero-shot-text",
        "files": {"model": "model.onnx", "vocab": vocab}, "input": None,
        "inputs": {"input_ids": "input_ids"}, "outputs": {"text_embeds": "text_embeds"},
        "tokenizer": {"kind": "clip-bpe", "vocab": vocab, "contextLength": context, "lowercase": True},
        "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-image", "normalized": True, "logitScale": float(model.logit_scale.exp()),
                  "inputDtype": "int64", "sotToken": "<start_of_text>", "eotToken": "<end_of_text>",
                  "padId": 0, "eotIsArgmax": True},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-text")
    finish(staging, written[-1])
    return written


# ---------------------------------------------------------------------------------------------
# Chinese-CLIP (cn_clip)

def export_chinese_clip(args) -> list[Path]:
    import numpy as np
    import torch
    import cn_clip
    from cn_clip.clip import load_from_name, tokenize
    from cn_clip.clip.utils import _MODEL_INFO, create_model

    name = args.model
    if name not in _MODEL_INFO:
        raise SystemExit(f"unknown Chinese-CLIP model {name}; known: {', '.join(_MODEL_INFO)}")
    size = _MODEL_INFO[name]["input_resolution"]
    if args.random_weights:
        model = create_model(_MODEL_INFO[name]["struct"])
    else:
        model, _ = load_from_name(name, device="cpu", download_root=args.cache or "./cn_clip_weights")
    model = model.float().eval()
    context = args.context_length
    model_id = args.id or f"chinese-clip-{name.lower()}"
    source = f"cn_clip:{name}:{'random weights' if args.random_weights else 'OFA-Sys release'}"
    licence = args.licence or "MIT (OFA-Sys Chinese-CLIP)"
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    written = []

    class Image(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, pixel_values):
            features = self.model.encode_image(pixel_values)
            return features / features.norm(dim=-1, keepdim=True)

    class Text(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids):
            features = self.model.encode_text(input_ids)
            return features / features.norm(dim=-1, keepdim=True)

    image, text = Image().eval(), Text().eval()
    pixels = np.random.default_rng(0).standard_normal((2, 3, size, size)).astype(np.float32)
    with torch.no_grad():
        embed = int(image(torch.from_numpy(pixels[:1])).shape[-1])

    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-image-", dir=out_root))
    export(image, (torch.zeros(1, 3, size, size),), staging / "model.onnx", ["pixel_values"], ["image_embeds"],
           {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}}, args.opset)
    verification = verify(staging / "model.onnx", image, {"pixel_values": pixels}, ["image_embeds"], args.tolerance)
    write_manifest(staging, {
        "id": f"{model_id}-image", "family": "chinese-clip", "task": "zero-shot-image",
        "files": {"model": "model.onnx"},
        # cn_clip's transform: resize to size x size (bicubic, no crop), OpenAI mean/std.
        "input": {**image_input("pixel_values", size, OPENAI_MEAN, OPENAI_STD), "crop": "none"},
        "outputs": {"image_embeds": "image_embeds"}, "tokenizer": None, "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-text", "normalized": True, "logitScale": float(model.logit_scale.exp()),
                  "channelOrder": "RGB"},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-image")
    finish(staging, written[-1])

    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-text-", dir=out_root))
    ids = tokenize(["一张狗的照片", "商品图片"], context_length=context).to(torch.int64)
    export(text, (ids,), staging / "model.onnx", ["input_ids"], ["text_embeds"],
           {"input_ids": {0: "batch"}, "text_embeds": {0: "batch"}}, args.opset)
    verification = verify(staging / "model.onnx", text, {"input_ids": ids.numpy()}, ["text_embeds"], args.tolerance)
    shutil.copy(Path(cn_clip.__file__).parent / "clip" / "vocab.txt", staging / "vocab.txt")
    write_manifest(staging, {
        "id": f"{model_id}-text", "family": "chinese-clip", "task": "zero-shot-text",
        "files": {"model": "model.onnx", "vocab": "vocab.txt"}, "input": None,
        "inputs": {"input_ids": "input_ids"}, "outputs": {"text_embeds": "text_embeds"},
        "tokenizer": {"kind": "wordpiece", "vocab": "vocab.txt", "contextLength": context, "lowercase": True},
        "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-image", "normalized": True, "logitScale": float(model.logit_scale.exp()),
                  "inputDtype": "int64", "padId": 0, "clsToken": "[CLS]", "sepToken": "[SEP]",
                  "attentionMask": "computed in the graph from input_ids != padId"},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-text")
    finish(staging, written[-1])
    return written


# ---------------------------------------------------------------------------------------------
# YOLO-World (ultralytics)

def export_yolo_world(args) -> list[Path]:
    import numpy as np
    import torch
    from ultralytics import YOLOWorld

    yolo = YOLOWorld(args.model)  # downloads the .pt (and its CLIP text model when set_classes runs)
    model = yolo.model.float().eval()
    size = args.imgsz
    vocabulary = [c.strip() for c in args.classes.split(",") if c.strip()]
    yolo.set_classes(vocabulary)  # fills model.txt_feats with the CLIP text embeddings
    text_feats = model.txt_feats.detach().float()
    embed = int(text_feats.shape[-1])

    class WithVocabulary(torch.nn.Module):
        """images [N,3,H,W] 0..1 RGB + txt_feats [1,K,D] (L2-normalised CLIP text embeddings)
        -> predictions [N, 4 + K, anchors] (cx, cy, w, h in pixels, then per-class scores)."""

        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, images, txt_feats):
            return self.model.predict(images, txt_feats=txt_feats)

    wrapper = WithVocabulary().eval()
    for m in model.modules():  # ultralytics export settings: fused, static anchors, export mode
        if hasattr(m, "export"):
            m.export = True
        if hasattr(m, "format"):
            m.format = "onnx"
    model_id = args.id or f"yolo-world-{Path(args.model).stem.lower()}"
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-", dir=out_root))
    images = torch.zeros(1, 3, size, size)
    export(wrapper, (images, text_feats), staging / "model.onnx", ["images", "txt_feats"], ["predictions"],
           {"images": {0: "batch"}, "txt_feats": {1: "classes"}, "predictions": {0: "batch", 1: "boxes_and_classes"}},
           args.opset)
    feeds = {"images": np.random.default_rng(0).random((1, 3, size, size), dtype=np.float32),
             "txt_feats": text_feats.numpy()}
    verification = verify(staging / "model.onnx", wrapper, feeds, ["predictions"], args.tolerance)
    write_manifest(staging, {
        "id": model_id, "family": "yolo-world", "task": "detect", "files": {"model": "model.onnx"},
        "input": {"name": "images", "layout": "NCHW", "dtype": "float32", "size": [size, size],
                  "resize": "bilinear", "crop": "none", "mean": None, "std": None, "scale": 255.0},
        "inputs": {"image": "images", "text_embeddings": "txt_feats"},
        "outputs": {"predictions": "predictions"}, "tokenizer": None, "embeddingSize": embed, "labels": None,
        "extra": {"letterbox": True, "letterboxColor": 114, "boxFormat": "cxcywh pixels of the letterboxed input",
                  "predictionsLayout": "[batch, 4 + classes, anchors]", "scoresAreSigmoid": True,
                  "textEncoder": args.text_encoder_id or "clip-vit-b-32-openai-text",
                  "textEmbeddingsNormalized": True, "exportVocabulary": vocabulary},
        "licence": args.licence or "AGPL-3.0 (ultralytics YOLO-World weights and code)",
        "source": f"ultralytics:{args.model}", "verification": verification})
    target = out_root / model_id
    finish(staging, target)
    return [target]


# ---------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="kind", required=True)

    def common(p):
        p.add_argument("--out", required=True, help="folder that receives the model folders")
        p.add_argument("--id", help="model id (folder name); default derived from the model name")
        p.add_argument("--opset", type=int, default=17)
        p.add_argument("--tolerance", type=float, default=1e-4)
        p.add_argument("--licence", help="licence text for the manifest")
        p.add_argument("--random-weights", action="store_true",
                       help="same architecture, random weights, no download (for testing the export)")

    clip = sub.add_parser("clip", help="OpenCLIP / OpenAI CLIP via open_clip")
    common(clip)
    clip.add_argument("--model", default="ViT-B-32")
    clip.add_argument("--pretrained", default="openai", help="open_clip pretrained tag, e.g. openai, laion2b_s34b_b79k")

    cn = sub.add_parser("chinese-clip", help="Chinese-CLIP via cn_clip")
    common(cn)
    cn.add_argument("--model", default="ViT-B-16")
    cn.add_argument("--context-length", type=int, default=52)
    cn.add_argument("--cache", help="download folder for the weights")

    yw = sub.add_parser("yolo-world", help="YOLO-World via ultralytics")
    common(yw)
    yw.add_argument("--model", default="yolov8s-worldv2.pt")
    yw.add_argument("--imgsz", type=int, default=640)
    yw.add_argument("--classes", default="person,dog,cat", help="vocabulary used for the export example")
    yw.add_argument("--text-encoder-id", help="id of the exported CLIP text model that encodes the vocabulary")

    args = parser.parse_args(argv)
    import torch

    torch.manual_seed(0)
    if args.kind == "clip":
        written = export_clip(args)
    elif args.kind == "chinese-clip":
        written = export_chinese_clip(args)
    else:
        if args.random_weights:
            raise SystemExit("yolo-world needs its .pt file; --random-weights is not supported")
        written = export_yolo_world(args)
    for folder in written:
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
