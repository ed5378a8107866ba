"""Checks export_models.py's tower / export / verify / manifest helpers on a tiny CLIP-shaped
model (encode_image / encode_text), without open_clip or downloads. Run with the convert-torch venv:
  $GLIMPSE_CACHE/venvs/convert-torch/bin/python scripts/models/test_export_helpers.py
"""
import json
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import export_models as em  # noqa: E402


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.vision = torch.nn.Conv2d(3, 8, 4, 4)
        self.words = torch.nn.Embedding(100, 8)

    def encode_image(self, x):
        return self.vision(x).mean((2, 3))

    def encode_text(self, ids):
        return self.words(ids).mean(1)


model = Tiny().eval()
args = SimpleNamespace(opset=17, tolerance=1e-4)
out = Path(tempfile.mkdtemp())
(out / "image").mkdir()
(out / "text").mkdir()
image, text = em.normalized_tower(model, "encode_image"), em.normalized_tower(model, "encode_text")
with torch.no_grad():
    norms = image(torch.rand(2, 3, 32, 32)).norm(dim=-1)
assert torch.allclose(norms, torch.ones(2)), norms
verified_image = em.export_image_tower(out / "image", image, 32, args)
verified_text = em.export_text_tower(out / "text", text, torch.randint(0, 100, (3, 77), dtype=torch.int64), args)
em.write_manifest(out / "image", {
    "id": "tiny-image", "family": "clip", "task": "zero-shot-image", "files": {"model": "model.onnx"},
    "input": em.image_input("pixel_values", 32, em.OPENAI_MEAN, em.OPENAI_STD), "outputs": {"image_embeds": "image_embeds"},
    "tokenizer": None, "embeddingSize": 8, "labels": None, "extra": None, "licence": "test", "source": "test",
    "verification": verified_image})
manifest = json.loads((out / "image/manifest.json").read_text())
assert manifest["sha256"]["model.onnx"] and manifest["verification"]["maxAbsDiff"] <= 1e-4
print("ok: image max abs diff %.2e, text %.2e" % (verified_image["maxAbsDiff"], verified_text["maxAbsDiff"]))
