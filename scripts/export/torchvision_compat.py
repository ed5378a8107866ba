"""Lets `import torchvision` succeed next to a CPU-only torch.

PyPI only carries CUDA builds of torchvision (0.28.0 for torch 2.13). Next to
the local `torch==2.13.0+cpu` wheel, its compiled ops (`_C.so`) cannot load
(they link libtorch_cuda / libcudart), torchvision then still registers fake
kernels for `torchvision::nms` / `qnms` unconditionally, and the import fails
with "operator torchvision::nms does not exist". open_clip, cn_clip and
ultralytics all import torchvision (for transforms and NMS) although none of
the export paths here uses a torchvision op.

`ensure_torchvision_importable()` tries to load torchvision's compiled ops the
way torchvision does; only when that fails does it define the two operator
schemas (no kernels: torchvision.ops.nms stays unusable, which no export
needs), so the import works. Where a matching torchvision is installed this
does nothing.
"""
from __future__ import annotations

import importlib.util
import os

import torch

_library = None  # keeps the fallback torch.library.Library alive


def ensure_torchvision_importable() -> bool:
    """Returns True when the fallback schemas were installed."""
    global _library
    spec = importlib.util.find_spec("torchvision")
    if spec is None or not spec.submodule_search_locations:
        return False
    folder = list(spec.submodule_search_locations)[0]
    so = os.path.join(folder, "_C.so")
    if os.path.exists(so):
        try:
            torch.ops.load_library(so)
            return False
        except (ImportError, OSError):
            pass
    if _library is None:
        _library = torch.library.Library("torchvision", "DEF")
        _library.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
        _library.define("qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    return True
