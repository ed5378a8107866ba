"""Shared ONNX export + verification helpers (TorchScript exporter, opset 17)."""
from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import torch

OPSET = 17


def export(module: torch.nn.Module, args: tuple, path: str, input_names, output_names, dynamic_axes, opset: int = OPSET) -> str:
    module.eval()
    # nn.MultiheadAttention's inference fast path (aten::_native_multi_head_attention) has no ONNX symbolic
    torch.backends.mha.set_fastpath_enabled(False)
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=list(input_names), output_names=list(output_names),
                          dynamic_axes=dynamic_axes, opset_version=opset, dynamo=False, do_constant_folding=True)
    model = onnx.load(path)
    onnx.checker.check_model(model)
    return path


def run_onnx(path: str, feeds: dict) -> list:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def max_abs_diff(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))
