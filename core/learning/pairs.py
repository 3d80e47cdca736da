"""Preference pairs from what people did in chat, and the rules that resolve conflicts.

A pair is (context, chosen, rejected): the dialogue prefix the model read for a decision,
and two interpretations `{"skill", "args"}` of its last user turn, the chosen one better.

Pairs are never appended when a reaction arrives. They are re-derived from the stored
decisions and the append-only reaction log before every export and training run, so the
rules below are the whole truth and the result does not depend on arrival order quirks.

Reaction state. For each (user, decision) the reaction log of the decision's answers is
replayed in order; the emoji still present at the end are the final state: +1 when only
positive ones remain, -1 when only negative ones remain, none otherwise (no emoji, only
neutral ones, or both kinds). So the latest state wins, a user flipping 👎 → 👍 counts
only as 👍, and a reaction removed before training leaves no pair behind.

Sources (weight):
- `alternative` (1.0): after a 👎 the engine ran the next-best reading as a decision with
  source 'alternative' whose parent is the original. A user whose final state on the
  alternative is +1 and on the original is not +1 → alternative ≻ original.
- `correction` (1.0): an admin's `/fix` stored as a decision with source 'correction' whose
  parent is the corrected one → correction ≻ parent. A later /fix of the same decision
  replaces an earlier one.
- `rephrase` (0.5): a user's final state on answer A is -1, the next user turn of that
  conversation is theirs, its model answer B differs from A and their final state on B is
  +1 → B ≻ A on A's context. Weighted lower: a new request can look like a rephrase.
- `runner_up` (0.3): final +1 on a model answer whose first runner-up names another
  skill → answer ≻ runner-up. Weighted lowest: the runner-up was never shown to anyone.

Merging. Pairs are keyed by their content (context, chosen, rejected): the same pair from
several users or sources is one pair carrying the highest weight (and that source).
Contradictions. When A ≻ B and B ≻ A both exist for the same context, both are dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from core.store import DecisionRow, FeedbackRow, LearningRows, MessageRow, Store

WEIGHTS = {"alternative": 1.0, "correction": 1.0, "rephrase": 0.5, "runner_up": 0.3}


@dataclass(frozen=True)
class Pair:
    context: list[dict[str, Any]]
    chosen: dict[str, Any]
    rejected: dict[str, Any]
    source: str
    weight: float
    decision_id: int

    @property
    def key(self) -> str:
        return pair_key(self.context, self.chosen, self.rejected)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def pair_key(context: Any, chosen: Any, rejected: Any) -> str:
    return hashlib.sha256(canonical([context, chosen, rejected]).encode()).hexdigest()[:32]


def interpretation(skill: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"skill": skill, "args": args}


@dataclass(frozen=True)
class _Decision:
    id: int
    message_id: int
    skill: str
    args: dict[str, Any]
    alternatives: list[dict[str, Any]]
    context: list[dict[str, Any]]
    source: str
    valid: bool
    parent: int | None

    @property
    def reading(self) -> dict[str, Any]:
        return interpretation(self.skill, self.args)

    @classmethod
    def from_row(cls, row: DecisionRow) -> _Decision:
        return cls(
            id=row.id,
            message_id=row.message_id,
            skill=row.skill,
            args=row.args,
            alternatives=row.alternatives,
            context=row.context,
            source=row.source,
            valid=row.valid,
            parent=row.parent_decision_id,
        )


def final_states(feedback: list[FeedbackRow]) -> dict[tuple[int, int], int]:
    """(user, decision) → +1 / -1 from the emoji still present after replaying the log."""
    present: dict[tuple[int, int], dict[tuple[int, str], int]] = defaultdict(dict)
    for event in feedback:  # already in id order: the order they happened
        if event.decision_id is None:
            continue
        emoji_key = (event.message_id, event.emoji)
        held = present[(event.user_id, event.decision_id)]
        if event.action == "added":
            held[emoji_key] = event.polarity
        else:
            held.pop(emoji_key, None)
    states: dict[tuple[int, int], int] = {}
    for who, held in present.items():
        kinds = {p for p in held.values() if p != 0}
        if len(kinds) == 1:
            states[who] = kinds.pop()
    return states


def derive_pairs(rows: LearningRows) -> list[Pair]:
    """All pairs the rules of this module's docstring give for the store's rows."""
    decisions = {d.id: d for d in map(_Decision.from_row, rows.decisions)}
    states = final_states(rows.feedback)
    users_of: dict[int, set[int]] = defaultdict(set)
    for user, decision in states:
        users_of[decision].add(user)
    found: list[Pair] = []

    def add(source: str, chosen: _Decision | dict[str, Any], rejected: _Decision) -> None:
        reading = chosen.reading if isinstance(chosen, _Decision) else chosen
        if reading != rejected.reading:
            found.append(
                Pair(
                    rejected.context,
                    reading,
                    rejected.reading,
                    source,
                    WEIGHTS[source],
                    rejected.id,
                )
            )

    latest_correction: dict[int, _Decision] = {}
    for d in decisions.values():
        parent = decisions.get(d.parent) if d.parent is not None else None
        if d.source == "correction" and parent is not None:
            latest_correction[parent.id] = d  # ids ascend: the last one wins
        if d.source == "alternative" and parent is not None:
            for user in users_of[d.id]:
                if states[(user, d.id)] > 0 and states.get((user, parent.id), 0) <= 0:
                    add("alternative", d, parent)
        if d.source == "model" and d.valid:
            liked = any(states[(u, d.id)] > 0 for u in users_of[d.id])
            runner = next((a for a in d.alternatives if a.get("skill") != d.skill), None)
            if liked and runner is not None:
                add("runner_up", d, _flip(d, interpretation(runner["skill"], runner["args"])))
    for parent_id, correction in latest_correction.items():
        add("correction", correction, decisions[parent_id])
    _rephrases(rows, decisions, states, add)
    return resolve(found)


def _flip(d: _Decision, reading: dict[str, Any]) -> _Decision:
    """A runner-up as a decision on the same context (so `add` can treat it as rejected)."""
    return _Decision(
        d.id, d.message_id, reading["skill"], reading["args"], [], d.context, "model", True, None
    )


def _rephrases(
    rows: LearningRows,
    decisions: dict[int, _Decision],
    states: dict[tuple[int, int], int],
    add: Any,
) -> None:
    by_message: dict[int, _Decision] = {}
    for d in decisions.values():
        if d.source == "model":
            by_message[d.message_id] = d
    next_turn: dict[int, MessageRow] = {}
    last_in: dict[int, MessageRow] = {}
    for turn in rows.turns:
        previous = last_in.get(turn.conversation_id)
        if previous is not None:
            next_turn[previous.id] = turn
        last_in[turn.conversation_id] = turn
    for message_id, old in by_message.items():
        following = next_turn.get(message_id)
        new = by_message.get(following.id) if following else None
        # A turn without a user has no reactions of its own to compare.
        if following is None or following.user_id is None or new is None or not new.valid:
            continue
        user = following.user_id
        if states.get((user, old.id), 0) < 0 and states.get((user, new.id), 0) > 0:
            add("rephrase", new, old)


def resolve(pairs: list[Pair]) -> list[Pair]:
    """Merge duplicates (highest weight wins) and drop contradictory pairs."""
    merged: dict[str, Pair] = {}
    for p in pairs:
        held = merged.get(p.key)
        if held is None or p.weight > held.weight:
            merged[p.key] = p
    kept = []
    for p in merged.values():
        if pair_key(p.context, p.rejected, p.chosen) not in merged:
            kept.append(p)
    return sorted(kept, key=lambda p: (p.decision_id, p.key))


async def refresh_pairs(store: Store) -> list[Pair]:
    """Re-derive every chat pair from the store and write them (withdrawn ones go)."""
    pairs = derive_pairs(await store.feedback.learning_rows())
    await store.pairs.replace_derived(pairs)
    return pairs
