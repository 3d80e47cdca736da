"""`make intent-adapter` is the one command that reproduces the shipped adapter: it trains
the config the adapter's run record names, after rendering every stage's data with the
seed and folder that stage's config reads."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from core.intent.factory import SHIPPED_ADAPTER_DIR
from core.intent.profile import read_profile
from training.config import SFTConfig, load_config

REPO = Path(__file__).resolve().parents[2]


def recipe(target: str) -> list[list[str]]:
    """The commands of a Makefile target, each split into words (continued lines joined)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    text = text.replace("$(CURDIR)/", "")  # a path from the repository root either way
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert match, f"no target {target} in the Makefile"
    return [shlex.split(line) for line in match.group(1).splitlines()]


def option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


def test_make_intent_adapter_trains_the_shipped_chain_on_the_data_it_renders() -> None:
    run = json.loads((SHIPPED_ADAPTER_DIR / "training_run.json").read_text(encoding="utf-8"))
    shipped_config = option(shlex.split(run["command"]), "--config")
    assert shipped_config, run["command"]
    commands = recipe("intent-adapter")
    trains = [option(c, "--config") for c in commands if "train" in c and "sft" in c]
    assert shipped_config in trains, (shipped_config, trains)
    # Every `data synth` of the target: the folder it writes and its seed (0 unless given).
    renders = {
        option(c, "--out-dir"): int(option(c, "--seed") or 0) for c in commands if "synth" in c
    }

    config = load_config(SFTConfig, REPO / shipped_config)
    profile = read_profile(SHIPPED_ADAPTER_DIR)
    assert profile is not None and profile.base_model == config.base_model
    while True:
        folder = str(Path(config.train_file).parent)
        assert renders.get(folder) == config.data_seed, (shipped_config, folder, renders)
        if not config.continue_from:
            break
        config = load_config(SFTConfig, REPO / config.continue_from)
