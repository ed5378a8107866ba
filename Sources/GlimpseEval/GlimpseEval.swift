// Detection, multi-label and retrieval metrics and dataset formats live in this module.
