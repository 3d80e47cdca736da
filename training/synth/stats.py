"""Counts that show what a synthesized set contains (printed by `dialogdraw data synth`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.dialogue import Dialogue


@dataclass(frozen=True)
class SynthStats:
    dialogues: int
    turns: int
    skills: Counter[str]
    turn_counts: Counter[int]
    uploads: int
    distinct_user_texts: int
    # By the language a dialogue opens in (meta.lang), and by each turn's language.
    languages: Counter[str] = field(default_factory=Counter)
    turn_languages: Counter[str] = field(default_factory=Counter)
    # Dialogues whose user changes language somewhere, by opening language.
    switched: Counter[str] = field(default_factory=Counter)

    @property
    def distinct_share(self) -> float:
        return self.distinct_user_texts / max(self.turns, 1)


def gold_skill(gold: dict[str, object]) -> str:
    skill = gold["skill"]
    return skill[0] if isinstance(skill, list) else str(skill)


def turn_langs(dialogue: Dialogue) -> list[str]:
    """Each turn's language from the dialogue's meta; English where a file has none."""
    meta = getattr(dialogue, "meta", None) or {}
    return list(meta.get("turn_langs") or ["en"] * len(dialogue.turns))


def stats(dialogues: Sequence[Dialogue]) -> SynthStats:
    turns = [t for d in dialogues for t in d.turns]
    langs = [turn_langs(d) for d in dialogues]
    return SynthStats(
        dialogues=len(dialogues),
        turns=len(turns),
        skills=Counter(gold_skill(t.gold) for t in turns),
        turn_counts=Counter(min(len(d.turns), 4) for d in dialogues),
        uploads=sum(len(t.images) for t in turns),
        distinct_user_texts=len({t.user for t in turns}),
        languages=Counter(ls[0] for ls in langs if ls),
        turn_languages=Counter(code for ls in langs for code in ls),
        switched=Counter(ls[0] for ls in langs if len(set(ls)) > 1),
    )
