"""Checks export_models.py's export / verify / manifest helpers on a tiny CLIP-shaped model
(encode_image / encode_text), without open_clip or downloads. Run with the convert-torch venv:
  $GLIMPSE_CACHE/venvs/convert-torch/bin/python scripts/models/test_export_helpers.py
"""
import sys, json, torch, numpy as np
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[1]))
import export_models as em
from pathlib import Path
class Tiny(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.v = torch.nn.Conv2d(3, 8, 4, 4); s.e = torch.nn.Embedding(100, 8)
    def encode_image(s, x): return s.v(x).mean((2, 3))
    def encode_text(s, ids): return s.e(ids).mean(1)
m = Tiny().eval(); import tempfile; out = Path(tempfile.mkdtemp())
img = em.ClipImage.wrap(m); txt = em.ClipText.wrap(m)
em.export(img, (torch.zeros(1,3,32,32),), out/'i.onnx', ['pixel_values'], ['image_embeds'], {'pixel_values':{0:'batch'},'image_embeds':{0:'batch'}}, 17)
v = em.verify(out/'i.onnx', img, {'pixel_values': np.random.rand(2,3,32,32).astype(np.float32)}, ['image_embeds'], 1e-4)
em.export(txt, (torch.ones(2,77,dtype=torch.int64),), out/'t.onnx', ['input_ids'], ['text_embeds'], {'input_ids':{0:'batch'},'text_embeds':{0:'batch'}}, 17)
v2 = em.verify(out/'t.onnx', txt, {'input_ids': np.random.randint(0,100,(3,77)).astype(np.int64)}, ['text_embeds'], 1e-4)
(out/'model.onnx').write_bytes((out/'i.onnx').read_bytes())
em.write_manifest(out, {"id":"tiny-image","family":"clip","task":"zero-shot-image","files":{"model":"model.onnx"},"input":em.image_input("pixel_values",32,em.OPENAI_MEAN,em.OPENAI_STD),"outputs":{"image_embeds":"image_embeds"},"tokenizer":None,"embeddingSize":8,"labels":None,"extra":None,"licence":"test","source":"test","verification":v})
print(v['maxAbsDiff'], v2['maxAbsDiff']); print(open(out/'manifest.json').read()[:400])
