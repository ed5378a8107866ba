"""Ultralytics YOLOv8 DetectionModel -> ONNX in the standard ultralytics layout.

yolov8.onnx: images float32 [N,3,H,W] (RGB, letterboxed, /255) -> output0 float32
[N, 4+nc, A], rows 0-3 = cx, cy, w, h in input pixels, rows 4.. = class scores
after sigmoid, A = sum over strides 8/16/32 of (H/s)*(W/s) (2100 at 320x320).
"""
from __future__ import annotations

import torch
from torch import nn

from onnx_utils import export


class YoloV8Export(nn.Module):
    def __init__(self, detection_model):
        super().__init__()
        self.model = detection_model
        head = detection_model.model[-1]
        head.export = True
        head.format = "onnx"
        head.dynamic = False

    def forward(self, images):
        return self.model(images)


def export_yolov8(detection_model, path: str, imgsz: int = 640, opset: int = 17):
    detection_model.eval()
    wrapper = YoloV8Export(detection_model).eval()
    export(wrapper, (torch.zeros(1, 3, imgsz, imgsz),), path, ["images"], ["output0"],
           {"images": {0: "batch"}, "output0": {0: "batch"}}, opset)
    return wrapper
