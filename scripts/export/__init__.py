"""PyTorch -> ONNX export wrappers shared by the fixture script (random weights)
and a model-export script for real pretrained weights."""
