"""Model weights from the Hugging Face hub: where a model lies here, and pulling it.

A model setting (`ModelSettings.text_to_image`, ...) holds a hub id, a local folder, or
"auto" for what the device runs well (`AUTO`). Workers only ever read: a hub id resolves
to its snapshot folder in the HF cache, so after `dialogdraw models pull` every skill
loads by id with no setting per model.
`pull` is the one place that talks to the hub. It fetches only the files the loaders
read: a diffusers pipeline's `model_index.json` and, for each component it names, the
configs, tokenizer files and one set of weights (safetensors before .bin, and on CUDA
the fp16 variant where the repo has one); never the single-file checkpoints, ONNX,
Flax or pickle duplicates that many repos also carry.

The cache folder and the endpoint are read from the environment at call time
(HF_HUB_CACHE / HF_HOME, HF_ENDPOINT), as huggingface_hub itself reads them at start.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SDXL_BASE = "stabilityai/stable-diffusion-xl-base-1.0"
SDXL_TURBO = "stabilityai/sdxl-turbo"
SD_TURBO = "stabilityai/sd-turbo"
FP16 = "fp16"

# What "auto" means, per model setting and device. SDXL base needs ~30 steps: minutes per
# image on a CPU, where the Turbo distillations draw in one. On a 2-core CPU (random
# weights of the real architectures, fp32, 512 px; pipelines/bench_cpu_default.py)
# SD-Turbo took 14 s and 6 GB for an image, SDXL-Turbo 47 s and 16 GB: text_to_image
# takes SD-Turbo there. The edit skills' ControlNets and IP-Adapter are SDXL ones, so
# sdxl_base stays in the SDXL family. On CUDA both are SDXL base: one copy in memory.
AUTO: dict[str, dict[str, str]] = {
    "text_to_image": {"cuda": SDXL_BASE, "cpu": SD_TURBO},
    "sdxl_base": {"cuda": SDXL_BASE, "cpu": SDXL_TURBO},
}

# Repos whose loader takes a few named parts, not a whole model: h94/IP-Adapter holds a
# dozen adapters, and style_reference's `load_ip_adapter` reads one and its image encoder.
PARTS: dict[str, tuple[str, ...]] = {
    "ip_adapter": ("sdxl_models/ip-adapter_sdxl.safetensors", "sdxl_models/image_encoder/"),
}

# The names diffusers and transformers load a model's weights by (shards and variants
# included); other weight files in a folder are alternatives nobody here reads.
_WEIGHTS = re.compile(
    r"^(diffusion_pytorch_model|model|pytorch_model)(\.fp16)?(-\d{5}-of-\d{5})?(\.fp16)?"
    r"\.(safetensors|bin)$"
)
_INDEX = re.compile(
    r"^(diffusion_pytorch_model|model|pytorch_model)\.(safetensors|bin)\.index(\.fp16)?\.json$"
)
_CONFIGS = (".json", ".txt", ".model", ".jinja")
# Components no loader here reads: the SD1.x pipelines load with safety_checker=None
# (moderation happens on the bot side), which saves 1.2 GB of an fp32 pull.
_UNUSED_COMPONENTS = {"safety_checker"}


class PullError(Exception):
    """A pull that cannot go on; the message says what to do."""


class HubUnreachable(PullError):
    """No pull can go on: offline mode, or no network to the hub."""


def configured_model(setting: str, value: str, device: str) -> str:
    """The model of `setting` (a ModelSettings field) whose value is `value`.

    "auto" is what the device runs well (`AUTO`); a setting without an automatic
    choice takes "auto" for a name, and fails to load saying which setting to set.
    """
    if value == "auto" and setting in AUTO:
        return AUTO[setting]["cuda" if device == "cuda" else "cpu"]
    return value


def is_turbo(model: str) -> bool:
    return "turbo" in model.lower()


def cache_dir() -> Path:
    from huggingface_hub import constants

    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    return Path(constants.HF_HUB_CACHE)


def endpoint() -> str | None:
    return os.environ.get("HF_ENDPOINT") or None


def is_folder(model: str) -> bool:
    """A local folder: one that exists, or a value that cannot be a hub id."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    if Path(model).expanduser().is_dir() or model.startswith(("/", ".", "~")):
        return True
    try:
        validate_repo_id(model)
    except HFValidationError:
        return True
    return False


def snapshot_folder(repo_id: str) -> Path | None:
    """The cached snapshot of the repo's main branch (the HF cache layout: refs/main names it)."""
    from huggingface_hub.file_download import repo_folder_name

    storage = cache_dir() / repo_folder_name(repo_id=repo_id, repo_type="model")
    ref = storage / "refs" / "main"
    if not ref.is_file():
        return None
    folder = storage / "snapshots" / ref.read_text().strip()
    return folder if folder.is_dir() else None


def local_source(model: str) -> Path | None:
    """The folder `from_pretrained` should read `model` from, if this machine has it."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        return folder
    return None if is_folder(model) else snapshot_folder(model)


def weight_variant(folder: Path, device: str) -> str | None:
    """The variant the folder's weights must (or, on CUDA, should) be read as: "fp16" or None.

    diffusers picks per component: a pipeline asked for fp16 takes the plain file of a
    component that has no fp16 one, but a single model asked for a missing variant fails.
    """
    components = [d for d in folder.iterdir() if d.is_dir()] if _is_pipeline(folder) else [folder]
    kinds = [_weight_kinds(p.name for p in d.iterdir() if p.is_file()) for d in components]
    only_fp16 = any(fp16 and not plain for fp16, plain in kinds)
    any_fp16 = any(fp16 for fp16, _ in kinds)
    return FP16 if only_fp16 or (device == "cuda" and any_fp16) else None


def _is_pipeline(folder: Path) -> bool:
    return (folder / "model_index.json").is_file()


def _weight_kinds(names: Iterable[str]) -> tuple[bool, bool]:
    """(has fp16 weights, has plain weights)."""
    variants = [bool(m.group(2) or m.group(4)) for n in names if (m := _WEIGHTS.match(n))]
    return any(variants), any(not v for v in variants)


def select_files(
    files: Iterable[str],
    *,
    device: str,
    model_index: Mapping[str, Any] | None,
    parts: Sequence[str] = (),
) -> list[str]:
    """The repo files a loader reads, out of all of the repo's `files`."""
    by_folder: dict[str, list[str]] = {}
    for path in files:
        by_folder.setdefault(path.rpartition("/")[0], []).append(path)
    prefer_fp16 = False
    if parts:
        singles = [p for p in parts if not p.endswith("/")]
        folders = [p.rstrip("/") for p in parts if p.endswith("/")]
    elif model_index is not None:
        singles = ["model_index.json"]
        folders = [k for k, v in model_index.items() if _is_component(k, v)]
        # Only pipelines get the fp16 variant: load_pipeline asks for it per component,
        # while single models are read by loaders that may pass no variant at all.
        prefer_fp16 = device == "cuda"
    else:
        singles, folders = [], [""]
    chosen = [p for p in singles if p in by_folder.get(p.rpartition("/")[0], [])]
    for folder in folders:
        chosen += _folder_files(by_folder.get(folder, []), prefer_fp16=prefer_fp16)
    return sorted(set(chosen))


def _is_component(name: str, value: Any) -> bool:
    return (
        not name.startswith("_")
        and name not in _UNUSED_COMPONENTS
        and isinstance(value, list)
        and value[:1] != [None]
    )


def _folder_files(paths: list[str], *, prefer_fp16: bool) -> list[str]:
    def name(path: str) -> str:
        return path.rpartition("/")[2]

    configs = [p for p in paths if name(p).endswith(_CONFIGS) and not _INDEX.match(name(p))]
    for ext in ("safetensors", "bin"):  # a .bin is read only where no safetensors exist
        weights = [(p, m) for p in paths if (m := _WEIGHTS.match(name(p))) and m.group(5) == ext]
        if not weights:
            continue
        fp16 = [p for p, m in weights if m.group(2) or m.group(4)]
        plain = [p for p, m in weights if not (m.group(2) or m.group(4))]
        use_fp16 = bool(fp16) and (prefer_fp16 or not plain)
        index = [
            p
            for p in paths
            if (m := _INDEX.match(name(p))) and m.group(2) == ext and bool(m.group(3)) == use_fp16
        ]
        return configs + (fp16 if use_fp16 else plain) + index
    return configs


def missing_files(repo_id: str, device: str, parts: Sequence[str] = ()) -> list[str] | None:
    """Files of the selection the cache lacks; None where nothing of the repo is cached."""
    from huggingface_hub import get_cached_repo_tree
    from huggingface_hub.errors import CachedRepoTreeNotFoundError

    snapshot = snapshot_folder(repo_id)
    if snapshot is None:
        return None
    try:
        listing = [f.path for f in get_cached_repo_tree(repo_id, cache_dir=cache_dir())]
    except CachedRepoTreeNotFoundError:  # fetched some other way: judge by what is there
        listing = [p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()]
    index = snapshot / "model_index.json"
    model_index = json.loads(index.read_text()) if index.is_file() and not parts else None
    wanted = select_files(listing, device=device, model_index=model_index, parts=parts)
    if not any(_WEIGHTS.match(p.rpartition("/")[2]) or p in parts for p in wanted):
        return ["(weights)"]
    return [p for p in wanted if not (snapshot / p).is_file()]


def is_cached(repo_id: str, device: str, parts: Sequence[str] = ()) -> bool:
    # Weights pulled for the other device load too (cast to this device's precision).
    return any(missing_files(repo_id, d, parts) == [] for d in (device, _other(device)))


def _other(device: str) -> str:
    return "cpu" if device == "cuda" else "cuda"


def folder_bytes(folder: Path) -> int:
    # stat follows the cache's symlinks to the blobs.
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@dataclass(frozen=True)
class PullPlan:
    repo_id: str
    sizes: dict[str, int]  # the files to fetch and their sizes, from the hub's repo info
    cached: frozenset[str]  # those already in the cache

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())

    @property
    def fetch_bytes(self) -> int:
        return sum(size for path, size in self.sizes.items() if path not in self.cached)


def offline_reason() -> str | None:
    """Why a pull cannot reach the hub in this process, if offline mode is on."""
    from huggingface_hub import is_offline_mode

    if not is_offline_mode():
        return None
    return (
        "Offline mode is on (HF_HUB_OFFLINE=1 or TRANSFORMERS_OFFLINE=1 in the environment;"
        " the Makefile sets it for `make run` and `make test`). Pulling needs the network:"
        " run `HF_HUB_OFFLINE=0 dialogdraw models pull ...`."
    )


def plan_pull(repo_id: str, *, device: str, parts: Sequence[str] = ()) -> PullPlan:
    """What pulling `repo_id` for `device` fetches: asks the hub for the repo's files."""
    from huggingface_hub import HfApi, hf_hub_download

    with _explained(repo_id):
        info = HfApi(endpoint=endpoint()).model_info(repo_id, files_metadata=True)
        sizes = {s.rfilename: s.size or 0 for s in info.siblings or []}
        model_index = None
        if "model_index.json" in sizes and not parts:
            index = hf_hub_download(
                repo_id, "model_index.json", cache_dir=cache_dir(), endpoint=endpoint()
            )
            model_index = json.loads(Path(index).read_text())
    files = select_files(sizes, device=device, model_index=model_index, parts=parts)
    if not files:
        raise PullError(f"{repo_id} has none of the files the skills load ({', '.join(parts)}).")
    here = snapshot_folder(repo_id)
    fresh = here is not None and here.name == info.sha
    cached = frozenset(p for p in files if fresh and here is not None and (here / p).is_file())
    return PullPlan(repo_id, {p: sizes[p] for p in files}, cached)


def pull(plan: PullPlan, *, max_workers: int = 4) -> Path:
    """Download the plan's files into the HF cache, with huggingface_hub's progress bars.

    Finished files are skipped on a rerun, and a connection that drops mid-file is
    resumed from where it stopped (huggingface_hub's own retry with a Range request).
    """
    from huggingface_hub import snapshot_download

    with _explained(plan.repo_id):
        folder = snapshot_download(
            plan.repo_id,
            # Patterns are fnmatch globs: escape names so that each matches only itself.
            allow_patterns=[glob.escape(p) for p in plan.sizes],
            cache_dir=cache_dir(),
            endpoint=endpoint(),
            max_workers=max_workers,
        )
    return Path(folder)


@contextmanager
def _explained(repo_id: str) -> Iterator[None]:
    """Hub errors as a PullError that says what to do about them."""
    import httpx2
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
    )

    login = "log in with `huggingface-cli login` (or `hf auth login`), or set HF_TOKEN"
    try:
        yield
    except GatedRepoError as exc:
        raise PullError(
            f"{repo_id} is gated: accept its terms at https://huggingface.co/{repo_id},"
            f" then {login}."
        ) from exc
    except RepositoryNotFoundError as exc:
        raise PullError(
            f"{repo_id} was not found on the hub, or it is private: check the id, or {login}."
        ) from exc
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (401, 403):
            raise PullError(f"The hub refused {repo_id} ({status}): {login}.") from exc
        raise PullError(f"The hub answered {status} for {repo_id}; try again later.") from exc
    except OfflineModeIsEnabled as exc:
        raise HubUnreachable(offline_reason() or str(exc)) from exc
    except (httpx2.TransportError, ConnectionError) as exc:
        where = endpoint() or "https://huggingface.co"
        raise HubUnreachable(
            f"Cannot reach {where} ({exc.__class__.__name__}): check the network or proxy;"
            " a mirror can be set with HF_ENDPOINT. Fetched files are kept: rerun to resume."
        ) from exc
