#!/usr/bin/env python3
"""Export CLIP-family, YOLOv8 and YOLO-World models to ONNX + a Glimpse manifest (schema 1, docs/MODELS.md).

Run this where the internet is reachable (weights come from the model hubs), then copy the output
folders into Glimpse's models folder (`$GLIMPSE_MODELS`, default `~/.cache/glimpse/models`), or use
`glimpse models add FOLDER`.

  pip install "torch==2.13.0" onnx onnxruntime open_clip_torch            # OpenCLIP / OpenAI CLIP
  pip install "torch==2.13.0" onnx onnxruntime cn_clip                    # Chinese-CLIP
  pip install "torch==2.13.0" onnx onnxruntime ultralytics                # YOLOv8 / YOLO-World

  python scripts/export_models.py clip --model ViT-B-32 --pretrained openai --out models/
  python scripts/export_models.py chinese-clip --model ViT-B-16 --out models/
  python scripts/export_models.py yolov8 --model yolov8s.pt --out models/
  python scripts/export_models.py yolo-world --model yolov8s-worldv2.pt --out models/
  python scripts/export_models.py yolo-world --model yolov8s-worldv2.pt --bake-vocabulary \
         --classes "person,dog,cat" --id yolo-world-pets --out models/

Each CLIP-style export writes two model folders that share one id prefix:
  <id>-image/  model.onnx (pixel_values -> image_embeds, L2-normalised)   task zero-shot-image
  <id>-text/   model.onnx (input_ids -> text_embeds, L2-normalised)       task zero-shot-text
               + vocab file for the tokenizer
YOLOv8 writes one folder: model.onnx (images -> predictions [N, 4 + classes, anchors]) + labels.txt.
YOLO-World writes one folder: model.onnx (images, text_embeddings [1, K, D] -> predictions
[N, 4 + K, anchors]), K free, so any vocabulary works: Glimpse encodes the class names once with the
CLIP text tower named in `extra.textEncoder` (YOLO-World v2: OpenAI CLIP ViT-B/32, exported with the
`clip` command above) and feeds them ("prompt then detect"). With --bake-vocabulary the names'
embeddings are constants instead and the graph takes only images, like YOLOv8.

Every export is verified: ONNX Runtime vs PyTorch on random inputs, failing when the max abs diff
exceeds 1e-4 (override with --tolerance; detector boxes, in pixels, are held to it relatively).
`--random-weights` builds the same architecture without downloading anything (YOLO: give the .yaml),
for testing this script (the tests of the Swift side use small random models).
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
# The export wrappers the test fixtures are made with (scripts/export/), reused here.
EXPORT_HELPERS = Path(__file__).resolve().parent / "export"


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

    # nn.MultiheadAttention's inference fast path has no ONNX symbolic (open_clip's ViTs use it).
    torch.backends.mha.set_fastpath_enabled(False)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, args, str(path), input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=opset, dynamo=False)


def verify(path: Path, module, feeds: dict, output_names: list[str], tolerance: float,
           relative_rows: int = 0) -> dict:
    """Runs PyTorch and ONNX Runtime on the same inputs; exits when they differ by > tolerance.

    `relative_rows`: for detectors, the first rows of axis 1 are box coordinates in pixels (up to
    the input size, where one float32 step is ~3e-5), held to the tolerance relative to max(1, |v|).
    """
    import numpy as np
    import onnxruntime as ort
    import torch

    with torch.no_grad():
        reference = module(*[torch.from_numpy(v) for v in feeds.values()])
    if isinstance(reference, torch.Tensor):
        reference = (reference,)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(output_names, feeds)
    diffs = {}
    for name, r, g in zip(output_names, reference, got):
        r = r.numpy().astype(np.float64)
        if r.shape != g.shape:
            raise SystemExit(f"{path}: output {name} has shape {g.shape} in ONNX Runtime, {r.shape} in PyTorch")
        d = np.abs(r - g)
        if relative_rows:
            diffs[f"{name} (boxes, relative)"] = float(np.max(d[:, :relative_rows] / np.maximum(1, np.abs(r[:, :relative_rows]))))
            diffs[f"{name} (boxes, pixels)"] = float(np.max(d[:, :relative_rows]))
            diffs[f"{name} (scores)"] = float(np.max(d[:, relative_rows:]))
        else:
            diffs[name] = float(np.max(d))
    checked = {k: v for k, v in diffs.items() if "pixels" not in k}
    worst = max(checked.values())
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
    out.chmod(0o755)  # mkdtemp made it private


# Golden outputs written next to every export: the framework's own preprocessing / tokenizer and
# PyTorch on a sample picture and a few texts, so that Glimpse can check its whole pipeline
# (decode, resize, normalise, tokenize, run) on the exported files (Tests/GlimpseModelsTests/
# ExportedModelsTests.swift with GLIMPSE_EXPORTED_MODELS=<folder>).
GOLDEN_TEXTS = ["a photo of a dog", "a red summer dress on a white background", "一只狗的照片", "跑鞋", "Running shoe 🏃!"]


def sample_image(folder: Path) -> Path:
    """A fixed 400x300 RGB picture (gradients, stripes, noise) saved losslessly; every model
    resizes it (CLIP to the short side, YOLO into its letterbox)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:300, 0:400].astype(np.float32)
    picture = np.stack([255 * x / 399, 255 * y / 299, 128 + 100 * np.sin(x / 9) * np.cos(y / 7)], -1)
    picture += rng.normal(0, 10, picture.shape)
    path = folder / "sample.png"
    Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(path)
    return path


def f32(values) -> list:
    """float32 values as the shortest decimals that read back as the same float32."""
    import numpy as np

    return [float(np.format_float_positional(v, unique=True, trim="-")) for v in np.asarray(values, np.float32).ravel()]


def write_golden(folder: Path, golden: dict) -> None:
    (folder / "golden.json").write_text(json.dumps(golden, ensure_ascii=False) + "\n")


def letterbox(path: Path, size: int):
    """Ultralytics' LetterBox (fit, pad 114, centred) with Pillow's bilinear resize (Ultralytics
    resizes with OpenCV; Glimpse follows Pillow), as [1, 3, size, size] float32 / 255."""
    import numpy as np
    from PIL import Image

    picture = Image.open(path).convert("RGB")
    w, h = picture.size
    r = min(size / h, size / w)
    nw, nh = int(round(w * r)), int(round(h * r))
    top, left = int(round((size - nh) / 2 - 0.1)), int(round((size - nw) / 2 - 0.1))
    canvas = Image.new("RGB", (size, size), (114, 114, 114))
    canvas.paste(picture.resize((nw, nh), Image.BILINEAR) if (nw, nh) != (w, h) else picture, (left, top))
    return (np.asarray(canvas, dtype=np.float32) / np.float32(255)).transpose(2, 0, 1)[None].copy(), (h, w)


def detection_golden(folder: Path, module, size: int, text=None) -> dict:
    """Ultralytics' non_max_suppression (predict defaults) + scale_boxes on PyTorch's predictions
    for the letterboxed sample."""
    import torch
    from ultralytics.utils.nms import non_max_suppression
    from ultralytics.utils.ops import scale_boxes

    sample = sample_image(folder)
    pixels, original = letterbox(sample, size)
    sys.modules.pop("torchvision", None)  # non_max_suppression then uses Ultralytics' TorchNMS
    with torch.no_grad():
        predictions = module(torch.from_numpy(pixels)) if text is None else module(torch.from_numpy(pixels), torch.from_numpy(text))
    kept = non_max_suppression(predictions.clone(), conf_thres=0.25, iou_thres=0.7, max_det=300)[0]
    kept[:, :4] = scale_boxes((size, size), kept[:, :4], original)
    # Every 37th anchor's column too: random weights give no detection above 0.25, and these
    # still check the letterbox and the graph.
    anchors = list(range(0, predictions.shape[-1], 37))
    golden = {"image": sample.name, "reference": "Pillow letterbox + PyTorch + ultralytics non_max_suppression "
              "(conf 0.25, iou 0.7) + scale_boxes", "rows": "x1, y1, x2, y2, score, class",
              "detections": [f32(row) for row in kept.numpy()],
              "predictionsSample": {"anchors": anchors, "columns": [f32(predictions[0, :, a]) for a in anchors]}}
    if text is not None:
        golden["textEmbeddings"] = {"shape": list(text.shape), "data": f32(text)}
    return golden


def image_golden(folder: Path, tower, preprocess, how: str) -> None:
    import torch
    from PIL import Image

    sample = sample_image(folder)
    with torch.no_grad():
        embedding = tower(preprocess(Image.open(sample).convert("RGB"))[None].float())[0]
    write_golden(folder, {"image": sample.name, "reference": f"{how} + PyTorch", "embedding": f32(embedding)})


def text_golden(folder: Path, tower, ids, how: str) -> None:
    import torch

    with torch.no_grad():
        embeddings = tower(ids)
    write_golden(folder, {"texts": GOLDEN_TEXTS, "reference": f"{how} + PyTorch", "ids": ids.tolist(),
                          "embeddings": [f32(row) for row in embeddings]})


# ---------------------------------------------------------------------------------------------
# OpenCLIP / OpenAI CLIP

def normalized_tower(model, encode: str):
    """`model.<encode>(x)`, l2-normalised: one tower of a CLIP-style pair as Glimpse reads it."""
    import torch

    class Tower(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, x):
            features = getattr(self.model, encode)(x)
            return features / features.norm(dim=-1, keepdim=True)

    return Tower().eval()


def export_image_tower(staging: Path, tower, size: int, args) -> dict:
    """pixel_values [N, 3, S, S] -> image_embeds, exported and verified on random pixels."""
    import numpy as np
    import torch

    export(tower, (torch.zeros(1, 3, size, size),), staging / "model.onnx", ["pixel_values"], ["image_embeds"],
           {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}}, args.opset)
    pixels = np.random.default_rng(0).standard_normal((2, 3, size, size)).astype(np.float32)
    return verify(staging / "model.onnx", tower, {"pixel_values": pixels}, ["image_embeds"], args.tolerance)


def export_text_tower(staging: Path, tower, ids, args) -> dict:
    """input_ids [N, context] int64 -> text_embeds, exported and verified on `ids`."""
    export(tower, (ids,), staging / "model.onnx", ["input_ids"], ["text_embeds"],
           {"input_ids": {0: "batch"}, "text_embeds": {0: "batch"}}, args.opset)
    return verify(staging / "model.onnx", tower, {"input_ids": ids.numpy()}, ["text_embeds"], args.tolerance)


def open_clip_vocab(folder: Path) -> str:
    """Copies open_clip's BPE merges file (bpe_simple_vocab_16e6.txt.gz, unzipped) as vocab.txt."""
    import open_clip

    source = Path(open_clip.__file__).parent / "bpe_simple_vocab_16e6.txt.gz"
    with gzip.open(source, "rb") as handle:
        (folder / "bpe_simple_vocab_16e6.txt").write_bytes(handle.read())
    return "bpe_simple_vocab_16e6.txt"


def export_clip(args) -> list[Path]:
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
    image = normalized_tower(model, "encode_image")
    verification = export_image_tower(staging, image, size, args)
    image_golden(staging, image, lambda picture: preprocess(picture), "open_clip's preprocess")
    write_manifest(staging, {
        "id": f"{model_id}-image", "family": "clip", "task": "zero-shot-image",
        "files": {"model": "model.onnx", "golden": "golden.json", "sample": "sample.png"},
        "input": image_input("pixel_values", size, mean, std),
        "outputs": {"image_embeds": "image_embeds"}, "tokenizer": None, "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-text", "normalized": True, "logitScale": float(model.logit_scale.detach().exp()),
                  "resizeShortSide": size, "channelOrder": "RGB"},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-image")
    finish(staging, written[-1])

    # text tower
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-text-", dir=out_root))
    text = normalized_tower(model, "encode_text")
    verification = export_text_tower(staging, text, tokenizer(["a photo of a dog", "a diagram"]).to(torch.int64), args)
    vocab = open_clip_vocab(staging)
    text_golden(staging, text, tokenizer(GOLDEN_TEXTS).to(torch.int64), "open_clip's tokenizer")
    write_manifest(staging, {
        "id": f"{model_id}-text", "family": "clip", "task": "zero-shot-text",
        "files": {"model": "model.onnx", "vocab": vocab, "golden": "golden.json"}, "input": None,
        "inputs": {"input_ids": "input_ids"}, "outputs": {"text_embeds": "text_embeds"},
        "tokenizer": {"kind": "clip-bpe", "vocab": vocab, "contextLength": context, "lowercase": True},
        "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-image", "normalized": True, "logitScale": float(model.logit_scale.detach().exp()),
                  "inputDtype": "int64", "sotToken": "<start_of_text>", "eotToken": "<end_of_text>",
                  "padId": 0, "eotIsArgmax": True},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-text")
    finish(staging, written[-1])
    return written


# ---------------------------------------------------------------------------------------------
# Chinese-CLIP (cn_clip)

def export_chinese_clip(args) -> list[Path]:
    import torch
    import cn_clip
    from cn_clip.clip import image_transform, load_from_name, tokenize
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

    image, text = normalized_tower(model, "encode_image"), normalized_tower(model, "encode_text")
    with torch.no_grad():
        embed = int(image(torch.zeros(1, 3, size, size)).shape[-1])

    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-image-", dir=out_root))
    verification = export_image_tower(staging, image, size, args)
    transform = image_transform(size)
    image_golden(staging, image, lambda picture: transform(picture), "cn_clip's image_transform")
    write_manifest(staging, {
        "id": f"{model_id}-image", "family": "chinese-clip", "task": "zero-shot-image",
        "files": {"model": "model.onnx", "golden": "golden.json", "sample": "sample.png"},
        # cn_clip's transform: resize to size x size (bicubic, no crop), OpenAI mean/std.
        "input": {**image_input("pixel_values", size, OPENAI_MEAN, OPENAI_STD), "crop": "none"},
        "outputs": {"image_embeds": "image_embeds"}, "tokenizer": None, "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-text", "normalized": True, "logitScale": float(model.logit_scale.detach().exp()),
                  "channelOrder": "RGB"},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-image")
    finish(staging, written[-1])

    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-text-", dir=out_root))
    verification = export_text_tower(staging, text, tokenize(["一张狗的照片", "商品图片"], context_length=context).to(torch.int64), args)
    shutil.copy(Path(cn_clip.__file__).parent / "clip" / "vocab.txt", staging / "vocab.txt")
    text_golden(staging, text, tokenize(GOLDEN_TEXTS, context_length=context).to(torch.int64), "cn_clip's tokenize")
    write_manifest(staging, {
        "id": f"{model_id}-text", "family": "chinese-clip", "task": "zero-shot-text",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "golden": "golden.json"}, "input": None,
        "inputs": {"input_ids": "input_ids"}, "outputs": {"text_embeds": "text_embeds"},
        "tokenizer": {"kind": "wordpiece", "vocab": "vocab.txt", "contextLength": context, "lowercase": True},
        "embeddingSize": embed, "labels": None,
        "extra": {"pair": f"{model_id}-image", "normalized": True, "logitScale": float(model.logit_scale.detach().exp()),
                  "inputDtype": "int64", "padId": 0, "clsToken": "[CLS]", "sepToken": "[SEP]",
                  "attentionMask": "computed in the graph from input_ids != padId"},
        "licence": licence, "source": source, "verification": verification})
    written.append(out_root / f"{model_id}-text")
    finish(staging, written[-1])
    return written


# ---------------------------------------------------------------------------------------------
# YOLOv8 and YOLO-World (ultralytics)

def ultralytics_model(args):
    """The ultralytics model of `--model`: a .pt (downloaded by ultralytics when missing) or, with
    --random-weights, a .yaml built at random weights."""
    if args.random_weights != args.model.endswith((".yaml", ".yml")):
        raise SystemExit("--random-weights takes a .yaml (e.g. yolov8s-worldv2.yaml); weights come as a .pt")
    from ultralytics import YOLO, YOLOWorld

    yolo = (YOLOWorld if args.kind == "yolo-world" else YOLO)(args.model)
    return yolo, yolo.model.float().eval()


def yolo_input(size: int) -> dict:
    # Ultralytics' LetterBox: fit into size x size keeping the aspect ratio, pad with 114, /255.
    return {"name": "images", "layout": "NCHW", "dtype": "float32", "size": [size, size], "resize": "bilinear",
            "crop": "none", "mean": None, "std": None, "scale": 255.0}


YOLO_EXTRA = {"letterbox": True, "letterboxColor": 114, "boxFormat": "cx, cy, w, h in pixels of the letterboxed input",
              "predictionsLayout": "[batch, 4 + classes, anchors]", "scoresAreSigmoid": True, "nms": "none in the graph"}


def export_yolov8(args) -> list[Path]:
    import numpy as np
    import torch

    from yolo_export import YoloV8Export

    yolo, model = ultralytics_model(args)
    names = [model.names[i] for i in sorted(model.names)]
    size = args.imgsz
    model_id = args.id or f"yolov8-{Path(args.model).stem.lower()}"
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-", dir=out_root))
    wrapper = YoloV8Export(model).eval()
    export(wrapper, (torch.zeros(1, 3, size, size),), staging / "model.onnx", ["images"], ["predictions"],
           {"images": {0: "batch"}, "predictions": {0: "batch"}}, args.opset)
    feeds = {"images": np.random.default_rng(0).random((2, 3, size, size), dtype=np.float32)}
    verification = verify(staging / "model.onnx", wrapper, feeds, ["predictions"], args.tolerance, relative_rows=4)
    (staging / "labels.txt").write_text("\n".join(names) + "\n")
    write_golden(staging, detection_golden(staging, wrapper, size))
    write_manifest(staging, {
        "id": model_id, "family": "yolov8", "task": "detect",
        "files": {"model": "model.onnx", "labels": "labels.txt", "golden": "golden.json", "sample": "sample.png"},
        "input": yolo_input(size), "inputs": {"image": "images"}, "outputs": {"predictions": "predictions"},
        "tokenizer": None, "embeddingSize": None, "labels": "labels.txt", "extra": YOLO_EXTRA,
        "licence": args.licence or "AGPL-3.0 (ultralytics YOLOv8 weights and code)",
        "source": f"ultralytics:{args.model}{' (random weights)' if args.random_weights else ''}",
        "verification": verification})
    target = out_root / model_id
    finish(staging, target)
    return [target]


def export_yolo_world(args) -> list[Path]:
    import numpy as np
    import torch

    from yolo_world_export import YoloWorldWithTextInput

    yolo, model = ultralytics_model(args)
    size = args.imgsz
    vocabulary = [c.strip() for c in args.classes.split(",") if c.strip()]
    embed = int(model.txt_feats.shape[-1])
    # The wrapper feeds the text embeddings as a graph input with K free (Ultralytics' head reshapes
    # with a Python nc, which would freeze K); it is checked against WorldModel.predict below.
    dynamic = YoloWorldWithTextInput(model).eval()
    rng = np.random.default_rng(0)
    images = rng.random((1, 3, size, size), dtype=np.float32)
    probe = rng.standard_normal((1, 3, embed)).astype(np.float32)
    head = model.model[-1]
    head.export, head.format, head.nc = True, "onnx", probe.shape[1]  # Ultralytics' own export settings, K = 3
    with torch.no_grad():
        mine = dynamic(torch.from_numpy(images), torch.from_numpy(probe))
        theirs = model.predict(torch.from_numpy(images), txt_feats=torch.nn.functional.normalize(torch.from_numpy(probe), dim=-1))
        theirs = theirs[0] if isinstance(theirs, (tuple, list)) else theirs
    gap = float((mine - theirs).abs().max())
    log(f"text-input wrapper vs WorldModel.predict: max abs diff {gap:.3e}")
    if not gap <= args.tolerance * max(1.0, float(theirs.abs().max())):
        raise SystemExit(f"the text-input wrapper differs from WorldModel.predict by {gap:.3e}")

    model_id = args.id or f"yolo-world-{Path(args.model).stem.lower()}"
    out_root = Path(args.out)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{model_id}-", dir=out_root))
    extra = {**YOLO_EXTRA, "textEncoder": args.text_encoder_id, "textEmbeddingsNormalized": "inside the graph",
             "exportVocabulary": vocabulary}
    if args.bake_vocabulary:
        # The vocabulary's CLIP embeddings become constants: a YOLOv8-style graph of K classes.
        if args.random_weights:
            text = torch.randn(1, len(vocabulary), embed, generator=torch.Generator().manual_seed(0))
        else:
            yolo.set_classes(vocabulary)  # Ultralytics encodes the names with its CLIP (downloaded once)
            text = model.txt_feats.detach().float()

        class Baked(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.inner = dynamic
                self.register_buffer("text", text)

            def forward(self, images):
                return self.inner(images, self.text)

        wrapper = Baked().eval()
        export(wrapper, (torch.zeros(1, 3, size, size),), staging / "model.onnx", ["images"], ["predictions"],
               {"images": {0: "batch"}, "predictions": {0: "batch"}}, args.opset)
        verification = verify(staging / "model.onnx", wrapper, {"images": images}, ["predictions"], args.tolerance,
                               relative_rows=4)
        inputs = {"image": "images"}
        extra["names"] = vocabulary
        write_golden(staging, detection_golden(staging, wrapper, size))
    else:
        export(dynamic, (torch.zeros(1, 3, size, size), torch.from_numpy(probe)), staging / "model.onnx",
               ["images", "text_embeddings"], ["predictions"],
               {"images": {0: "batch"}, "text_embeddings": {1: "classes"}, "predictions": {0: "batch", 1: "rows"}},
               args.opset)
        verification = verify(staging / "model.onnx", dynamic, {"images": images, "text_embeddings": probe},
                              ["predictions"], args.tolerance, relative_rows=4)
        five = rng.standard_normal((1, 5, embed)).astype(np.float32)  # another vocabulary size
        verify(staging / "model.onnx", dynamic, {"images": images, "text_embeddings": five}, ["predictions"],
               args.tolerance, relative_rows=4)
        inputs = {"image": "images", "text_embeddings": "text_embeddings"}
        write_golden(staging, detection_golden(staging, dynamic, size, text=probe))
    write_manifest(staging, {
        "id": model_id, "family": "yolo-world", "task": "detect",
        "files": {"model": "model.onnx", "golden": "golden.json", "sample": "sample.png"},
        "input": yolo_input(size), "inputs": inputs, "outputs": {"predictions": "predictions"},
        "tokenizer": None, "embeddingSize": embed, "labels": None, "extra": extra,
        "licence": args.licence or "AGPL-3.0 (ultralytics YOLO-World weights and code)",
        "source": f"ultralytics:{args.model}{' (random weights)' if args.random_weights else ''}",
        "verification": verification})
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

    y8 = sub.add_parser("yolov8", help="YOLOv8 detector via ultralytics (fixed label set)")
    common(y8)
    y8.add_argument("--model", default="yolov8s.pt", help=".pt weights, or a .yaml with --random-weights")
    y8.add_argument("--imgsz", type=int, default=640)

    yw = sub.add_parser("yolo-world", help="YOLO-World via ultralytics")
    common(yw)
    yw.add_argument("--model", default="yolov8s-worldv2.pt", help=".pt weights, or a .yaml with --random-weights")
    yw.add_argument("--imgsz", type=int, default=640)
    yw.add_argument("--classes", default="person,dog,cat",
                    help="vocabulary baked in with --bake-vocabulary (otherwise only recorded as an example)")
    yw.add_argument("--bake-vocabulary", action="store_true",
                    help="bake --classes into the graph (no text input; needs Ultralytics' CLIP download)")
    yw.add_argument("--text-encoder-id", default="clip-vit-b-32-openai-text",
                    help="id of the exported CLIP text tower that encodes vocabularies for this detector "
                         "(YOLO-World v2 uses OpenAI CLIP ViT-B/32: export it with `clip --model ViT-B-32 --pretrained openai`)")

    args = parser.parse_args(argv)
    import torch

    sys.path.insert(0, str(EXPORT_HELPERS))
    import torchvision_compat

    # open_clip, cn_clip and ultralytics import torchvision; where its compiled ops cannot load
    # (a CUDA torchvision next to a CPU torch) this lets the import work. No export uses them.
    if torchvision_compat.ensure_torchvision_importable():
        log("torchvision's compiled ops did not load; continuing without them (no export needs them)")

    torch.manual_seed(0)
    exporters = {"clip": export_clip, "chinese-clip": export_chinese_clip, "yolov8": export_yolov8,
                 "yolo-world": export_yolo_world}
    written = exporters[args.kind](args)
    for folder in written:
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
