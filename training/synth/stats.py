"""Counts that show what a synthesized set contains (printed by `dialogdraw data synth`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from core.dialogue import Dialogue


@dataclass(frozen=True)
class SynthStats:
    dialogues: int
    turns: int
    skills: Counter[str]
    turn_counts: Counter[int]
    uploads: int
    distinct_user_texts: int

    @property
    def distinct_share(self) -> float:
        return self.distinct_user_texts / max(self.turns, 1)


def gold_skill(gold: dict[str, object]) -> str:
    skill = gold["skill"]
    return skill[0] if isinstance(skill, list) else str(skill)


def stats(dialogues: Sequence[Dialogue]) -> SynthStats:
    turns = [t for d in dialogues for t in d.turns]
    return SynthStats(
        dialogues=len(dialogues),
        turns=len(turns),
        skills=Counter(gold_skill(t.gold) for t in turns),
        turn_counts=Counter(min(len(d.turns), 4) for d in dialogues),
        uploads=sum(len(t.images) for t in turns),
        distinct_user_texts=len({t.user for t in turns}),
    )
