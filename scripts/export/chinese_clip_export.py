"""Chinese-CLIP (cn_clip.clip.model.CLIP) -> image and text ONNX graphs.

cnclip_image.onnx: pixel_values float32 [N,3,S,S] -> image_embeds float32 [N,D]
cnclip_text.onnx:  input_ids int64 [N,52]         -> text_embeds  float32 [N,D]
The attention mask is derived INSIDE the graph from input_ids != [PAD] (id 0),
as cn_clip's encode_text does; pooling takes the [CLS] (position 0) state.
Embeddings are NOT L2-normalised.
"""
from __future__ import annotations

import torch
from torch import nn

from onnx_utils import export


class ChineseClipImageEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model.encode_image(pixel_values)


class ChineseClipTextEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        return self.model.encode_text(input_ids)


def export_chinese_clip(model, image_path: str, text_path: str, image_size: int, context_length: int = 52, opset: int = 17):
    model.eval()
    img = ChineseClipImageEncoder(model).eval()
    txt = ChineseClipTextEncoder(model).eval()
    dummy_img = torch.zeros(2, 3, image_size, image_size)
    dummy_ids = torch.zeros(2, context_length, dtype=torch.int64)
    dummy_ids[:, 0] = 101
    dummy_ids[0, 1:3] = torch.tensor([3300, 102])
    dummy_ids[1, 1:5] = torch.tensor([3300, 3301, 3302, 102])
    export(img, (dummy_img,), image_path, ["pixel_values"], ["image_embeds"],
           {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}}, opset)
    export(txt, (dummy_ids,), text_path, ["input_ids"], ["text_embeds"],
           {"input_ids": {0: "batch"}, "text_embeds": {0: "batch"}}, opset)
    return img, txt
