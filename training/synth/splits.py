"""SFT / HF (preference stage) / TEST split and the JSONL files."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from core.dialogue import Dialogue

SPLIT_NAMES = ("sft", "hf", "test")


def split(
    dialogues: Sequence[Dialogue], seed: int = 0, ratios: tuple[int, int, int] = (6, 3, 1)
) -> dict[str, list[Dialogue]]:
    """Shuffle once with the seed, cut by `ratios`, keep each part in id order."""
    order = list(range(len(dialogues)))
    random.Random(f"split:{seed}").shuffle(order)
    total = sum(ratios)
    cut1 = len(order) * ratios[0] // total
    cut2 = cut1 + len(order) * ratios[1] // total
    parts = (order[:cut1], order[cut1:cut2], order[cut2:])
    return {
        name: [dialogues[i] for i in sorted(part)]
        for name, part in zip(SPLIT_NAMES, parts, strict=True)
    }


def to_jsonl(dialogues: Sequence[Dialogue]) -> str:
    return "".join(d.model_dump_json(exclude_none=True) + "\n" for d in dialogues)


def write_splits(parts: dict[str, list[Dialogue]], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, dialogues in parts.items():
        path = out_dir / f"drawnconvos-{name}.jsonl"
        path.write_text(to_jsonl(dialogues), encoding="utf-8")
        paths[name] = path
    return paths
