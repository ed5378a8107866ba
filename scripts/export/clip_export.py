"""OpenCLIP (open_clip.CLIP) -> two ONNX graphs: image tower and text tower.

clip_image.onnx: pixel_values float32 [N,3,S,S] -> image_embeds float32 [N,D]
clip_text.onnx:  input_ids int64 [N,77]        -> text_embeds  float32 [N,D]
Embeddings are NOT L2-normalised (normalise on the caller side before cosine /
logit_scale). The text graph pools at argmax(input_ids) per row, exactly as
open_clip's 'argmax' text pool (the end-of-text id 49407 is the largest id).
"""
from __future__ import annotations

import torch
from torch import nn

from onnx_utils import export


class ClipImageEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model.encode_image(pixel_values, normalize=False)


class ClipTextEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        return self.model.encode_text(input_ids, normalize=False)


def export_clip(model, image_path: str, text_path: str, image_size: int, context_length: int = 77, opset: int = 17):
    model.eval()
    img = ClipImageEncoder(model).eval()
    txt = ClipTextEncoder(model).eval()
    dummy_img = torch.zeros(2, 3, image_size, image_size)
    dummy_ids = torch.zeros(2, context_length, dtype=torch.int64)
    dummy_ids[:, 0] = 49406
    dummy_ids[0, 3] = 49407
    dummy_ids[1, 5] = 49407
    export(img, (dummy_img,), image_path, ["pixel_values"], ["image_embeds"],
           {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}}, opset)
    export(txt, (dummy_ids,), text_path, ["input_ids"], ["text_embeds"],
           {"input_ids": {0: "batch"}, "text_embeds": {0: "batch"}}, opset)
    return img, txt
