"""What an intent adapter was trained for: base model, prompt and grammar, LoRA layers.

Training writes `intent_profile.json` beside the adapter, and the model version of the
adapter keeps the same record. Loading an adapter compares its profile with what runs:

- another base model is refused (`AdapterMismatch`). LoRA weights learned on one base are
  noise on another, and peft does not notice: where layer names and shapes agree it loads
  them without a word, and the bot runs on a broken model while looking healthy; where
  they differ it fails with a tensor-size error that names neither model.
- another prompt fingerprint is a warning. The system prompt or the grammar changed since
  training (a skill added, a description reworded): the adapter still reads a prompt much
  like its own and the grammar keeps every decision valid, so it works, only worse until
  it is retrained. Refusing would stop the bot at every catalog edit.
- no profile (adapters trained before profiles existed, the shipped one among them):
  peft's own `adapter_config.json` names the base (`base_model_name_or_path`) and the
  layers; that base is compared when it names something recognisable here, and the
  adapter loads with a warning when it does not.

A base is compared by `base_model_id`: "smollm2" or "gemma3" for a base loaded by name
(core.intent.loading) in any cache folder, the hub id for a hub snapshot, the absolute path
for another local folder. A folder that no longer exists (moved, or on another machine)
cannot be compared: warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.intent.grammar import MAX_TEXT_CHARS, decision_grammar
from core.intent.names import OFFLINE_CACHE_NAMES, ModelUnavailable
from core.intent.prompt import intent_system_prompt

log = logging.getLogger(__name__)

PROFILE_FILE = "intent_profile.json"
PEFT_CONFIG_FILE = "adapter_config.json"
FINGERPRINT_CHARS = 12
# One image in the conversation: the grammar then holds every skill of the catalog.
_FINGERPRINT_REFS = ("#1",)
_HUB_SNAPSHOT = re.compile(r"^models--(?P<org>[^/]+?)--(?P<name>[^/]+)$")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class AdapterMismatch(ModelUnavailable):
    """The adapter belongs to another base model than the one loaded."""


@dataclass(frozen=True)
class IntentProfile:
    base_model: str  # base_model_id of the base it was trained on; "" when unknown
    prompt_fingerprint: str | None  # None: unknown (an adapter from before profiles)
    target_modules: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "base_model": self.base_model,
            "prompt_fingerprint": self.prompt_fingerprint,
            "target_modules": list(self.target_modules),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntentProfile:
        return cls(
            base_model=str(data.get("base_model") or ""),
            prompt_fingerprint=data.get("prompt_fingerprint"),
            target_modules=_modules(data.get("target_modules")),
        )


def fingerprint_of(system_prompt: str, grammar: str) -> str:
    """A short stable hash of what the model reads first and what it may write."""
    text = json.dumps({"system_prompt": system_prompt, "grammar": grammar}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def prompt_fingerprint() -> str:
    """The fingerprint of today's system prompt and decision grammar (both from the catalog)."""
    return fingerprint_of(
        intent_system_prompt(), decision_grammar(_FINGERPRINT_REFS, MAX_TEXT_CHARS)
    )


def base_model_id(name: str) -> str:
    """The base model `name` (a setting, a config value or peft's record) as it is compared."""
    if not name or name in OFFLINE_CACHE_NAMES:
        return name
    path = Path(name)
    for base, cache_name in OFFLINE_CACHE_NAMES.items():
        if path.name == cache_name:
            return base  # a converted offline base, whichever cache folder holds it
    for part in path.parts:
        snapshot = _HUB_SNAPSHOT.match(part)
        if snapshot and "snapshots" in path.parts:
            return f"{snapshot['org']}/{snapshot['name']}"
    return str(path.resolve()) if path.is_dir() else name


def comparable(base_id: str) -> bool:
    """Whether a recorded base can be told apart from another one here: an offline base
    by name, a hub id, or a folder that exists (a missing folder may only have moved)."""
    if base_id in OFFLINE_CACHE_NAMES:
        return True
    if Path(base_id).is_absolute():
        return Path(base_id).is_dir()
    return bool(_HUB_ID.match(base_id))


def trained_profile(base_model: str, target_modules: Any) -> IntentProfile:
    """The profile of an adapter trained now on `base_model` with LoRA on `target_modules`."""
    return IntentProfile(
        base_model=base_model_id(base_model),
        prompt_fingerprint=prompt_fingerprint(),
        target_modules=_modules(target_modules),
    )


def write_profile(folder: Path, profile: IntentProfile) -> Path:
    path = folder / PROFILE_FILE
    path.write_text(json.dumps(profile.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path


def read_profile(folder: Path) -> IntentProfile | None:
    """The adapter's profile; for an adapter without one, what peft recorded (no prompt
    fingerprint); None when the folder holds neither."""
    path = folder / PROFILE_FILE
    if path.is_file():
        return IntentProfile.from_dict(json.loads(path.read_text(encoding="utf-8")))
    peft_path = folder / PEFT_CONFIG_FILE
    if not peft_path.is_file():
        return None
    peft = json.loads(peft_path.read_text(encoding="utf-8"))
    return IntentProfile(
        base_model=base_model_id(str(peft.get("base_model_name_or_path") or "")),
        prompt_fingerprint=None,
        target_modules=_modules(peft.get("target_modules")),
    )


def check_adapter(folder: Path, running_base: str, *, warn: bool = True) -> IntentProfile | None:
    """The adapter's profile, after checking it fits the base model `running_base`.

    Raises AdapterMismatch for another base; warns (unless `warn` is off: a check before
    the real load) for another prompt fingerprint, and when the base cannot be compared
    (see the module's docstring for why)."""
    profile = read_profile(folder)
    running = base_model_id(running_base)
    if profile is None or not comparable(profile.base_model):
        recorded = profile.base_model if profile else ""
        log.log(
            logging.WARNING if warn else logging.DEBUG,
            "cannot check that the intent adapter %s belongs to the base model '%s': it "
            "records the base %s; loading it anyway",
            folder,
            running,
            f"'{recorded}', which is not here" if recorded else "nowhere",
        )
        return profile
    if profile.base_model != running:
        raise AdapterMismatch(mismatch_message(folder, profile.base_model, running))
    current = prompt_fingerprint()
    if warn and profile.prompt_fingerprint not in (None, current):
        log.warning(
            "the intent adapter %s was trained on another system prompt or grammar "
            "(fingerprint %s, now %s: the catalog changed since); it runs, but retrain it "
            "(dialogdraw train sft) to get its accuracy back",
            folder,
            profile.prompt_fingerprint,
            current,
        )
    return profile


def mismatch_message(folder: Path, adapter_base: str, running_base: str) -> str:
    return (
        f"The intent adapter {folder} was trained on the base model '{adapter_base}', but "
        f"the base model loaded is '{running_base}'; an adapter only works on its own base. "
        f"Set DIALOGDRAW_INTENT_MODEL (or --model) to '{adapter_base}', or set "
        f"DIALOGDRAW_INTENT_ADAPTER (or --adapter) to an adapter trained on '{running_base}' "
        "('' runs the base model alone)."
    )


def _modules(value: Any) -> tuple[str, ...]:
    """Layer names, as a LoRA config names them. peft keeps target modules as a list, a
    set, or one string (a regex); after "all-linear" it keeps every layer's full path."""
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(sorted({str(v).rsplit(".", 1)[-1] for v in value}))
