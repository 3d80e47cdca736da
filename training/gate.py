"""The gate between a DPO candidate and the running model.

Both the current version and the candidate are scored on the same inputs: intent switch
accuracy (ISA) on a seeded sample of DrawnConvos(TEST) and on the natural test sets that
exist, and preference accuracy (chosen more likely than rejected) on the held-out chat
pairs. The candidate is promoted only if ISA does not fall by more than `max_isa_drop`
and preference accuracy rises; when both versions already order every held-out pair
right, a larger mean margin counts as rising (accuracy alone could never rise then).

ISA is judged on all the gate's turns pooled (at most `max_isa_drop`) and on each set,
where a set of n turns cannot resolve less than one turn: a set may fall by
`max_isa_drop` or by one turn, whichever is more. Without that, 0.5 point on the
161-turn natural set meant "not one turn": a simulation's candidate that rose on the
held-out pairs was refused for a single natural turn while the pooled ISA fell 0.37 point.

The current version's ISA was once scored on every retrain, half of the gate's time (about
10 minutes on a 2-core CPU). A version's ISA depends only on it and on what
`gate_fingerprint` covers, so the job reuses the figures of an earlier gate with the same
fingerprint (`RetrainRequest.known_isa`); the held-out pairs are new each time and are
always scored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.intent.factory import build_intent_model
from core.intent.loading import pick_device
from core.intent.model import TransformersIntentModel
from core.intent.prompt import intent_system_prompt
from core.settings import Settings
from training.dpo import score_adapter_pairs
from training.dpo_config import DPOTrainConfig
from training.evaluate import evaluate_file

Progress = Callable[[str], None]


@dataclass
class GateReport:
    promote: bool
    reasons: list[str]
    current: dict[str, Any]
    candidate: dict[str, Any]
    fingerprint: str = ""
    current_isa_reused: bool = False

    def summary(self) -> str:
        parts = [
            f"ISA {name}: {self.current['isa'][name]:.3f} → {isa:.3f}"
            for name, isa in self.candidate["isa"].items()
        ]
        pooled_before, pooled_after = pooled_isa(self.current), pooled_isa(self.candidate)
        if pooled_before is not None and pooled_after is not None:
            parts.append(f"ISA all: {pooled_before:.3f} → {pooled_after:.3f}")
        cur, cand = self.current["preference"], self.candidate["preference"]
        parts.append(
            f"preference accuracy on {cand['n']} held-out pairs: "
            f"{cur['accuracy']:.2f} → {cand['accuracy']:.2f} "
            f"(margin {cur['margin']:+.2f} → {cand['margin']:+.2f})"
        )
        return "; ".join(parts)


def gate_sets(config: DPOTrainConfig) -> list[tuple[str, Path, int | None]]:
    """(name, file, sample size) of the ISA sets that exist here."""
    sets: list[tuple[str, Path, int | None]] = []
    if config.eval_file and Path(config.eval_file).is_file():
        sets.append(("drawnconvos-test", Path(config.eval_file), config.eval_examples))
    for name in config.natural_files:
        if Path(name).is_file():
            sets.append((Path(name).stem, Path(name), None))
    return sets


def gate_fingerprint(config: DPOTrainConfig, settings: Settings) -> str:
    """What a version's gate ISA depends on besides the version: the base model, the sets'
    contents, sample sizes and seed, the prompt (skill catalog included) and the device
    (float32 on a CPU and a GPU's kernels can differ on a turn). The decoding code is not
    covered: after a change to it, the first retrain still compares with figures the old
    code measured."""
    sets = [
        (name, hashlib.sha256(path.read_bytes()).hexdigest(), limit)
        for name, path, limit in gate_sets(config)
    ]
    key = {
        "base": config.base_model,
        "sets": sets,
        "seed": config.seed,
        "prompt": hashlib.sha256(intent_system_prompt().encode()).hexdigest(),
        "device": pick_device(settings.models.device).type,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def isa_scores(intent: TransformersIntentModel, config: DPOTrainConfig) -> dict[str, Any]:
    reports = {
        name: evaluate_file(intent, path, limit, seed=config.seed).overall
        for name, path, limit in gate_sets(config)
    }
    return {
        "isa": {name: tally.isa for name, tally in reports.items()},
        "turns": {name: tally.n for name, tally in reports.items()},
    }


def preference_scores(
    intent: TransformersIntentModel, config: DPOTrainConfig, held_out: Sequence[dict[str, Any]]
) -> dict[str, float]:
    return score_adapter_pairs(intent.language_model, intent.tokenizer, held_out, config.max_length)


def evaluate_version(
    intent: TransformersIntentModel,
    config: DPOTrainConfig,
    held_out: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    return {**isa_scores(intent, config), "preference": preference_scores(intent, config, held_out)}


def pooled_isa(scores: dict[str, Any]) -> float | None:
    """ISA over the turns of every set together (None where set sizes are not known)."""
    turns = scores.get("turns") or {}
    if not scores["isa"] or set(turns) != set(scores["isa"]):
        return None
    total = sum(turns.values())
    return sum(scores["isa"][name] * turns[name] for name in turns) / total if total else None


def judge(
    current: dict[str, Any], candidate: dict[str, Any], max_isa_drop: float
) -> tuple[bool, list[str]]:
    reasons = []
    turns = candidate.get("turns") or {}
    # A tiny tolerance: ISAs are ratios of counts, and one turn of 200 is exactly 0.005.
    eps = 1e-9
    for name, isa in candidate["isa"].items():
        before = current["isa"][name]
        allowed = max(max_isa_drop, 1 / turns[name] if turns.get(name) else 0.0)
        if before - isa > allowed + eps:
            reasons.append(f"ISA on {name} fell {before:.3f} → {isa:.3f}")
    pooled_before, pooled_after = pooled_isa(current), pooled_isa(candidate)
    if (
        pooled_before is not None
        and pooled_after is not None
        and pooled_before - pooled_after > max_isa_drop + eps
    ):
        reasons.append(f"ISA on all gate turns fell {pooled_before:.3f} → {pooled_after:.3f}")
    cur, cand = current["preference"], candidate["preference"]
    if cand["n"] == 0:
        reasons.append("no held-out pairs to judge preference accuracy by")
    elif not (
        cand["accuracy"] > cur["accuracy"]
        or (cand["accuracy"] == cur["accuracy"] == 1.0 and cand["margin"] > cur["margin"])
    ):
        reasons.append(
            f"preference accuracy did not rise ({cur['accuracy']:.2f} → {cand['accuracy']:.2f})"
        )
    return not reasons, reasons


def run_gate(
    config: DPOTrainConfig,
    settings: Settings,
    current_adapter: str | None,
    candidate_adapter: str,
    held_out: Sequence[dict[str, Any]],
    progress: Progress = print,
    known_isa: dict[str, dict[str, Any]] | None = None,
) -> GateReport:
    """Score both versions with one loaded base model, swapping the adapter in between.

    `known_isa` maps fingerprints to the current version's ISA from earlier gates."""
    fingerprint = gate_fingerprint(config, settings)
    known = (known_isa or {}).get(fingerprint)
    intent = build_intent_model(settings, config.base_model, current_adapter or "")
    if known is not None:
        progress("the current version's ISA is known from an earlier gate on the same sets")
        current = {
            "isa": known["isa"],
            "turns": known["turns"],
            "preference": preference_scores(intent, config, held_out),
        }
    else:
        progress("scoring the current version")
        current = evaluate_version(intent, config, held_out)
    intent.use_adapter(Path(candidate_adapter), "candidate")
    progress("scoring the candidate")
    candidate = evaluate_version(intent, config, held_out)
    promote, reasons = judge(current, candidate, config.max_isa_drop)
    return GateReport(promote, reasons, current, candidate, fingerprint, known is not None)
