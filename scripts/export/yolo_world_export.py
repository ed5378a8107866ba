"""Ultralytics YOLO-World (WorldModel) -> ONNX that takes the vocabulary's text
embeddings as an INPUT instead of baking them in (ultralytics' own export bakes
the classes set by set_classes, which needs a CLIP download).

yolo_world.onnx: images float32 [N,3,H,W] (letterboxed RGB /255) and
text_embeds float32 [1,K,D] (dynamic K; CLIP text embeddings, L2-normalised in
the graph, so raw or normalised both work) -> output0 float32 [N, 4+K, A]:
cx, cy, w, h in input pixels, then K class scores after sigmoid.

The forward mirrors WorldModel.predict (C2fAttn layers get the text, the
WorldDetect head gets the un-pooled text). The head is evaluated with the same
submodules as WorldDetect.forward but with shapes taken from the tensors (not
from head.nc) so that K stays dynamic in the exported graph.
"""
from __future__ import annotations

import torch
from torch import nn
from ultralytics.nn.modules import C2fAttn, ImagePoolingAttn, WorldDetect
from ultralytics.nn.tasks import WorldModel
from ultralytics.utils.tal import dist2bbox, make_anchors

from onnx_utils import export


class SizedWorldModel(WorldModel):
    """WorldModel whose placeholder text features have `embed_dim` (WorldModel hard-codes 512, which breaks
    the stride-probing forward pass of a config with another text width). Only for building from a yaml."""

    def __init__(self, cfg, embed_dim: int = 512, nc=None, verbose=False):
        self._embed_dim = embed_dim
        super().__init__(cfg=cfg, nc=nc, verbose=verbose)

    def predict(self, x, profile=False, txt_feats=None, augment=False, embed=None):
        if txt_feats is None and self.txt_feats.shape[-1] != self._embed_dim:
            self.txt_feats = torch.randn(1, self.txt_feats.shape[1], self._embed_dim)
        return super().predict(x, profile=profile, txt_feats=txt_feats, augment=augment, embed=embed)


def world_detect_dynamic(head: WorldDetect, feats: list, text: torch.Tensor) -> torch.Tensor:
    bs = feats[0].shape[0]
    boxes = torch.cat([head.cv2[i](feats[i]).view(bs, 4 * head.reg_max, -1) for i in range(head.nl)], dim=-1)
    scores = torch.cat([head.cv4[i](head.cv3[i](feats[i]), text).flatten(2) for i in range(head.nl)], dim=-1)
    anchors, strides = (a.transpose(0, 1) for a in make_anchors(feats, head.stride, 0.5))
    dbox = dist2bbox(head.dfl(boxes), anchors.unsqueeze(0), xywh=True, dim=1) * strides
    return torch.cat((dbox, scores.sigmoid()), 1)


class YoloWorldWithTextInput(nn.Module):
    def __init__(self, world_model):
        super().__init__()
        self.layers = world_model.model
        self.save = set(world_model.save)

    def forward(self, images, text_embeds):
        txt = text_embeds / text_embeds.norm(p=2, dim=-1, keepdim=True)
        txt = txt.expand(images.shape[0], -1, -1)
        ori_txt = txt
        y, x = [], images
        for m in self.layers:
            if m.f != -1:
                x = y[m.f] if isinstance(m.f, int) else [x if j == -1 else y[j] for j in m.f]
            if isinstance(m, C2fAttn):
                x = m(x, txt)
            elif isinstance(m, WorldDetect):
                x = world_detect_dynamic(m, list(x), ori_txt)
            elif isinstance(m, ImagePoolingAttn):
                txt = m(x, txt)
            else:
                x = m(x)
            y.append(x if m.i in self.save else None)
        return x


def export_yolo_world(world_model, path: str, imgsz: int = 640, embed_dim: int = 512, k: int = 3, opset: int = 17):
    world_model.eval()
    wrapper = YoloWorldWithTextInput(world_model).eval()
    export(wrapper, (torch.zeros(1, 3, imgsz, imgsz), torch.randn(1, k, embed_dim)), path,
           ["images", "text_embeds"], ["output0"],
           {"images": {0: "batch"}, "text_embeds": {1: "classes"}, "output0": {0: "batch", 1: "outputs"}}, opset)
    return wrapper
