// One file per model family, the tokenizers, and the model manifest and registry.
