"""Pairs as trl's conversational preference rows: exactly what the intent model reads.

`prompt` is the system prompt and the dialogue as `core.intent.prompt.chat_messages`
builds them for inference; `chosen`/`rejected` are one assistant message each holding
the decision as the model writes it (`render_target`). Extra columns (`id`, `weight`,
`source`) ride along; `datasets.load_dataset("json", ...)` reads the file as it is.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.dialogue import DialogueMessage
from core.intent.prompt import chat_messages, intent_system_prompt, render_target
from core.store import PairRow


def preference_row(pair: dict[str, Any]) -> dict[str, Any]:
    dialogue = [DialogueMessage.model_validate(m) for m in pair["context"]]

    def answer(reading: dict[str, Any]) -> list[dict[str, str]]:
        return [{"role": "assistant", "content": render_target(reading["skill"], reading["args"])}]

    return {
        "id": pair["pair_key"],
        "prompt": chat_messages(intent_system_prompt(), dialogue),
        "chosen": answer(pair["chosen"]),
        "rejected": answer(pair["rejected"]),
        "weight": float(pair["weight"]),
        "source": pair["source"],
    }


def is_held_out(pair_id: str, share: float) -> bool:
    """A stable split by id: a pair stays on its side as new pairs arrive, so the gate
    never scores a model on pairs an earlier version was trained on."""
    bucket = int(hashlib.sha256(pair_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return bucket < share


def write_pairs(path: Path, pairs: Iterable[PairRow]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for pair in pairs:
            row = preference_row(dataclasses.asdict(pair))
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
