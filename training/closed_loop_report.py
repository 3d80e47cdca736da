"""The figures of a closed-loop run beside the teacher-forced ones of the same model."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.dialogue import Dialogue, Prediction
from training.closed_loop import ClosedLoopRun, ClosedLoopTurn, Differences, differences
from training.evaluate import summary_dict
from training.intent_metrics import IntentReport, Tally, gold_turns, score


@dataclass(frozen=True)
class ClosedLoopFigures:
    closed_loop: IntentReport
    teacher_forced: IntentReport
    differences: Differences
    decision_latency_ms: float  # the mean, over the decisions the engine asked for
    # The turns whose gold names an image the engine never made (a failed or different
    # earlier turn), and both scores on the others: where the two contexts are comparable.
    unmade_turns: int
    closed_loop_made: IntentReport
    teacher_forced_made: IntentReport

    @classmethod
    def of(
        cls,
        run: ClosedLoopRun,
        dialogues: Sequence[Dialogue],
        teacher_forced: Mapping[str, Prediction],
    ) -> ClosedLoopFigures:
        latency = statistics.fmean(run.latencies_ms) if run.latencies_ms else 0.0
        made = {t.gold.request.id for t in run.turns if not t.unmade}
        tf_turns = gold_turns(dialogues)
        return cls(
            score(run.gold_turns, run.predictions),
            score(tf_turns, teacher_forced),
            differences(run, teacher_forced),
            latency,
            len(run.turns) - len(made),
            score([t for t in run.gold_turns if t.request.id in made], run.predictions),
            score([t for t in tf_turns if t.request.id in made], teacher_forced),
        )

    def lines(self) -> list[str]:
        d, n = self.differences, self.closed_loop.overall.n
        return [
            f"teacher-forced: {_line(self.teacher_forced.overall)}",
            f"closed loop:    {_line(self.closed_loop.overall)}",
            f"{d.turns} of {n} decisions differ from teacher-forced ({d.skill} in the skill, "
            f"{d.args_only} in the arguments only; {d.regressions} turns lost the right skill, "
            f"{d.gains} gained it); mean decision latency {self.decision_latency_ms:.0f} ms",
            f"{self.unmade_turns} turns name an image the engine never made; on the other "
            f"{self.closed_loop_made.overall.n}: ISA {self.closed_loop_made.overall.isa:.3f} "
            f"closed loop, {self.teacher_forced_made.overall.isa:.3f} teacher-forced",
        ]

    def as_json(self, backend: str) -> dict[str, Any]:
        """`eval intents --closed-loop --json`: the closed-loop figures under the same keys
        as teacher-forced, the teacher-forced ones beside them, and the differences."""
        d = self.differences
        teacher = {k: v for k, v in summary_dict(self.teacher_forced).items() if k != "per_skill"}
        return {
            "mode": "closed-loop",
            "results": backend,
            **summary_dict(self.closed_loop),
            "differs_from_teacher_forced": d.turns,
            "differs_in_skill": d.skill,
            "differs_in_args_only": d.args_only,
            "regressions": d.regressions,
            "gains": d.gains,
            "differing_turns": d.ids,
            "teacher_forced": teacher,
            "decision_latency_ms_mean": round(self.decision_latency_ms, 1),
            "turns_on_unmade_images": self.unmade_turns,
            "isa_on_made_images": round(self.closed_loop_made.overall.isa, 4),
            "teacher_forced_isa_on_made_images": round(self.teacher_forced_made.overall.isa, 4),
        }


def trace_line(turn: ClosedLoopTurn, teacher_forced: Mapping[str, Prediction]) -> dict[str, Any]:
    """One replayed turn for reading: both decisions, the engine's answer and context."""
    turn_id = turn.gold.request.id
    tf, cl = teacher_forced.get(turn_id), turn.prediction
    return {
        "id": turn_id,
        "gold": turn.gold.gold,
        "closed_loop": cl.model_dump(exclude={"id"}) if cl else None,
        "teacher_forced": tf.model_dump(exclude={"id"}) if tf else None,
        "answer": turn.answer,
        "result_refs": list(turn.result_refs),
        "ref_map": dict(turn.ref_map),
        "unmade": list(turn.unmade),
        "context": [m.model_dump() for m in turn.gold.request.messages],
    }


def _line(t: Tally) -> str:
    args = "-" if t.argument_accuracy is None else f"{t.argument_accuracy:.3f}"
    return (
        f"ISA {t.isa:.3f}, args {args}, structural {t.structural_conformity:.3f} "
        f"(JSON only {t.json_conformity:.3f})"
    )
