#!/usr/bin/env python3
"""Side-by-side embedding throughput: Glimpse vs Python onnxruntime, same ONNX files, same inputs.

Images: each file is read and decoded, stretched to 224x224 (Pillow BILINEAR), /255, ImageNet
mean/std, batched, run through mobilenetv2-embed. Texts: HF `tokenizers` BertWordPiece
(lower-case, [CLS]/[SEP], truncation 256, padded to the batch's longest) + minilm-l6-v2. Both
sides use ONNX Runtime 1.32.0 with its default threading; the rounds alternate so that load from
other processes hits both alike.

With --clip ID (an installed CLIP image tower, e.g. one scripts/export_models.py wrote), its pair
is timed too: open_clip's preprocessing done with Pillow (short side to S bicubic, centre crop,
CLIP mean/std) and open_clip's tokenizer (77 tokens), against Glimpse's.

    swift build -c release --product glimpse-benchmarks
    ~/.cache/glimpse/venvs/convert-torch/bin/python Benchmarks/embedding_throughput.py [--images 256] [--texts 2048]
    GLIMPSE_MODELS=... ~/.cache/glimpse/venvs/fixtures/bin/python Benchmarks/embedding_throughput.py --clip ID

Needs numpy, Pillow, onnxruntime and tokenizers (the convert-torch venv setup makes has them;
--clip also needs open_clip_torch: the fixtures venv, docs/FIXTURES.md) and the default models.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnxruntime as ort
from PIL import Image
from tokenizers import BertWordPieceTokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("GLIMPSE_BENCHMARKS", os.path.join(ROOT, ".build", "release", "glimpse-benchmarks"))
CACHE = os.environ.get("GLIMPSE_CACHE", os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "glimpse"))
MODELS = os.environ.get("GLIMPSE_MODELS", os.path.join(CACHE, "models"))
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
COLOURS = ["red", "navy blue", "black", "white", "beige", "olive green", "pink"]
ITEMS = ["running shoe", "leather handbag", "summer dress", "denim jacket", "wool scarf", "baseball cap",
         "silk blouse", "hiking boot", "wrist watch", "backpack", "pair of sunglasses"]
SCENES = ["on a white background", "worn by a model in the street", "in a live-stream studio",
          "folded on a wooden table", "hanging on a rail"]


def make_texts(count):
    return [f"a photo of a {COLOURS[i % 7]} {ITEMS[i % 11]} {SCENES[i % 5]}, item {i}" for i in range(count)]


class Python:
    def __init__(self, threads=0):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.image = ort.InferenceSession(os.path.join(MODELS, "mobilenetv2-embed", "model.onnx"), options,
                                          providers=["CPUExecutionProvider"])
        self.text = ort.InferenceSession(os.path.join(MODELS, "minilm-l6-v2", "model.onnx"), options,
                                         providers=["CPUExecutionProvider"])
        self.tokenizer = BertWordPieceTokenizer(os.path.join(MODELS, "minilm-l6-v2", "vocab.txt"), lowercase=True)
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    @staticmethod
    def preprocess(path):
        with Image.open(path) as im:
            x = np.asarray(im.convert("RGB").resize((224, 224), Image.Resampling.BILINEAR), dtype=np.float32) / np.float32(255)
        return ((x - MEAN) / STD).transpose(2, 0, 1)

    def embed_images(self, paths, batch):
        out = []
        for start in range(0, len(paths), batch):
            pixels = np.stack([self.preprocess(p) for p in paths[start:start + batch]])
            out.append(self.image.run(["embedding"], {"input": pixels})[0])
        return np.concatenate(out)

    def embed_texts(self, texts, batch):
        out = []
        for start in range(0, len(texts), batch):
            encodings = self.tokenizer.encode_batch(texts[start:start + batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            out.append(self.text.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask,
                                                              "token_type_ids": np.zeros_like(ids)})[0])
        return np.concatenate(out)


class PythonCLIP:
    """open_clip's eval transform with Pillow + numpy, open_clip's tokenizer, ONNX Runtime."""

    def __init__(self, image_id, threads=0):
        sys.path.insert(0, os.path.join(ROOT, "scripts", "export"))
        import torchvision_compat  # open_clip imports torchvision, whose ops may not load here

        torchvision_compat.ensure_torchvision_importable()
        import open_clip  # only for the tokenizer

        with open(os.path.join(MODELS, image_id, "manifest.json")) as f:
            manifest = json.load(f)
        self.side = manifest["input"]["size"][0]
        self.mean = np.array(manifest["input"]["mean"], dtype=np.float32)
        self.std = np.array(manifest["input"]["std"], dtype=np.float32)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.image = ort.InferenceSession(os.path.join(MODELS, image_id, "model.onnx"), options,
                                          providers=["CPUExecutionProvider"])
        self.text = ort.InferenceSession(os.path.join(MODELS, manifest["extra"]["pair"], "model.onnx"), options,
                                         providers=["CPUExecutionProvider"])
        self.tokenizer = open_clip.get_tokenizer("ViT-B-32")

    def preprocess(self, path):
        side = self.side
        with Image.open(path) as im:
            im = im.convert("RGB")
            w, h = im.size
            size = (side, int(side * h / w)) if w <= h else (int(side * w / h), side)
            im = im.resize(size, Image.Resampling.BICUBIC)
            left, top = int(round((size[0] - side) / 2.0)), int(round((size[1] - side) / 2.0))
            x = np.asarray(im.crop((left, top, left + side, top + side)), dtype=np.float32) / np.float32(255)
        return ((x - self.mean) / self.std).transpose(2, 0, 1)

    def embed_images(self, paths, batch):
        return np.concatenate([self.image.run(["image_embeds"], {"pixel_values": np.stack([self.preprocess(p) for p in paths[s:s + batch]])})[0]
                               for s in range(0, len(paths), batch)])

    def embed_texts(self, texts, batch):
        return np.concatenate([self.text.run(["text_embeds"], {"input_ids": self.tokenizer(texts[s:s + batch]).numpy().astype(np.int64)})[0]
                               for s in range(0, len(texts), batch)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=256, help="images per round (darknet photos, cycled)")
    ap.add_argument("--texts", type=int, default=2048, help="texts per round")
    ap.add_argument("--image-batch", type=int, default=16)
    ap.add_argument("--text-batch", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clip", help="also time this installed CLIP image tower and its text pair")
    ap.add_argument("--clip-texts", type=int, default=128, help="texts for the CLIP text tower (77 tokens each)")
    args = ap.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("missing %s: run `swift build -c release --product glimpse-benchmarks`" % BINARY)
    photos = sorted(glob.glob("/usr/share/darknet/data/*.jpg"))
    if not photos:
        sys.exit("no photos in /usr/share/darknet/data (apt-get install darknet)")
    paths = [photos[i % len(photos)] for i in range(args.images)]
    texts = make_texts(args.texts)
    work = tempfile.mkdtemp(prefix="glimpse-embed-bench-")
    image_list, text_list = os.path.join(work, "images.txt"), os.path.join(work, "texts.txt")
    with open(image_list, "w") as f:
        f.write("\n".join(paths) + "\n")
    with open(text_list, "w") as f:
        f.write("\n".join(texts) + "\n")

    python = Python()
    python.embed_images(paths[:args.image_batch], args.image_batch)  # warm-up, as the Swift side does
    python.embed_texts(texts[:args.text_batch], args.text_batch)
    rows = {"python_images_per_s": [], "python_texts_per_s": [], "glimpse_images_per_s": [], "glimpse_texts_per_s": []}
    clip = None
    if args.clip:
        clip = PythonCLIP(args.clip)
        clip.embed_images(paths[:args.image_batch], args.image_batch)
        clip.embed_texts(texts[:args.text_batch], args.text_batch)
        rows.update({"python_clip_images_per_s": [], "python_clip_texts_per_s": [],
                     "glimpse_clip_images_per_s": [], "glimpse_clip_texts_per_s": []})
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        image_embeddings = python.embed_images(paths, args.image_batch)
        rows["python_images_per_s"].append(len(paths) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        text_embeddings = python.embed_texts(texts, args.text_batch)
        rows["python_texts_per_s"].append(len(texts) / (time.perf_counter() - t0))
        if clip:
            t0 = time.perf_counter()
            clip_images = clip.embed_images(paths, args.image_batch)
            rows["python_clip_images_per_s"].append(len(paths) / (time.perf_counter() - t0))
            t0 = time.perf_counter()
            clip_texts = clip.embed_texts(texts[:args.clip_texts], args.text_batch)
            rows["python_clip_texts_per_s"].append(min(len(texts), args.clip_texts) / (time.perf_counter() - t0))
        command = [BINARY, "embeddings", "--image-list", image_list, "--text-list", text_list,
                   "--image-batch", str(args.image_batch), "--text-batch", str(args.text_batch)]
        if clip:
            command += ["--clip-image-model", args.clip, "--clip-texts", str(args.clip_texts)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        swift = json.loads(out.strip().splitlines()[-1])
        rows["glimpse_images_per_s"].append(swift["images_per_s"])
        rows["glimpse_texts_per_s"].append(swift["texts_per_s"])
        if clip:
            rows["glimpse_clip_images_per_s"].append(swift["clip_images_per_s"])
            rows["glimpse_clip_texts_per_s"].append(swift["clip_texts_per_s"])

    # Both sides computed the same thing: the sums of every embedding's first component agree.
    checksum = float(image_embeddings[:, 0].sum() + text_embeddings[:, 0].sum())
    medians = {k: round(statistics.median(v), 1) for k, v in rows.items()}
    report = {"images": len(paths), "texts": len(texts), "image_batch": args.image_batch,
              "text_batch": args.text_batch, "rounds": args.rounds, **medians,
              "image_ratio_glimpse_over_python": round(medians["glimpse_images_per_s"] / medians["python_images_per_s"], 2),
              "text_ratio_glimpse_over_python": round(medians["glimpse_texts_per_s"] / medians["python_texts_per_s"], 2),
              "checksum_python": round(checksum, 3), "checksum_glimpse": round(swift["checksum"], 3)}
    if clip:
        report["clip_image_ratio_glimpse_over_python"] = round(medians["glimpse_clip_images_per_s"] / medians["python_clip_images_per_s"], 2)
        report["clip_text_ratio_glimpse_over_python"] = round(medians["glimpse_clip_texts_per_s"] / medians["python_clip_texts_per_s"], 2)
        report["clip_checksum_python"] = round(float(clip_images[:, 0].sum() + clip_texts[:, 0].sum()), 3)
        report["clip_checksum_glimpse"] = round(swift["clip_checksum"], 3)
    report["all_rounds"] = {k: [round(x, 1) for x in v] for k, v in rows.items()}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
