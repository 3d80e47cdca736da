"""/retrain, the gate, versions, hot swap and /rollback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from core.engine import DialogueEngine
from core.learning.ports import ProgressLine, RetrainOutcome, RetrainRequest
from core.learning.runners import ThreadRetrainRunner
from core.learning.service import LearningService
from core.queues import gpu_skill_ids
from core.queues.local import LocalJobQueue
from core.settings import Settings
from core.store import Store
from tests.doubles import RecordingOutbound, pil_runner
from tests.learning.chat import Chat, NBestIntent
from tests.learning.conftest import make_rows
from training.gate import judge, run_gate


def _settings(tmp_path: Path, min_pairs: int) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        intent_adapter="",
        admin_ids=["admin"],
        min_pairs_for_retrain=min_pairs,
    )


class FakeJob:
    """Stands in for DPO + gate: writes an 'adapter' folder and returns a verdict."""

    def __init__(self, promote: bool, metrics: dict[str, Any] | None = None) -> None:
        self.promote = promote
        self.metrics = metrics or {"isa": 0.9}
        self.requests: list[RetrainRequest] = []
        # Cleared by a test that needs the job still running; set again to let it end.
        self.running = threading.Event()
        self.running.set()

    def __call__(self, request: RetrainRequest, progress: ProgressLine) -> RetrainOutcome:
        self.requests.append(request)
        self.running.wait(timeout=30)
        progress("step 1/1, loss 0.5")
        Path(request.output_dir).mkdir(parents=True)
        reasons = [] if self.promote else ["preference accuracy did not rise (0.50 → 0.25)"]
        return RetrainOutcome(request.output_dir, self.promote, reasons, self.metrics, "ISA 0.9")


async def _engine(settings: Settings, job: FakeJob, baseline: str | None) -> DialogueEngine:
    store = await Store.open(settings.database_path, settings.blob_dir)
    engine = DialogueEngine(
        settings, store, NBestIntent(), LocalJobQueue(pil_runner, gpu_skill_ids())
    )
    engine.commands.learning = LearningService(
        engine.store,
        engine.intent,
        engine.decisions,
        ThreadRetrainRunner(job),
        min_new_pairs=settings.min_pairs_for_retrain,
        work_dir=settings.data_dir / "learning",
        base_model="tiny",
        baseline_adapter=baseline,
    )
    return engine


@pytest.fixture
async def made() -> AsyncIterator[list[DialogueEngine]]:
    engines: list[DialogueEngine] = []
    yield engines
    for engine in engines:
        await engine.queue.close()
        await engine.store.close()


async def _one_pair(chat: Chat) -> None:
    await chat.say("draw a cat")
    wrong = await chat.say("make it pop")
    await chat.react(wrong, "👎")
    await chat.react(chat.last_id, "👍")


async def _wait_for_job(engine: DialogueEngine) -> None:
    service = engine.commands.learning
    assert isinstance(service, LearningService) and service.job is not None
    await service.job
    await asyncio.sleep(0)  # let the progress messages scheduled from the thread land


async def test_retrain_is_refused_for_non_admins_and_with_too_few_pairs(
    tmp_path: Path, made: list[DialogueEngine]
) -> None:
    job = FakeJob(promote=True)
    engine = await _engine(_settings(tmp_path, min_pairs=2), job, None)
    made.append(engine)
    chat = Chat(engine, RecordingOutbound())
    await _one_pair(chat)
    await chat.say("/retrain", user="u1")
    assert chat.out.texts[-1] == "Sorry, /retrain is only for admins of this bot."
    await chat.say("/retrain", user="admin")
    assert chat.out.texts[-1] == (
        "Not retraining yet: 1 new preference pairs (of 1), I need at least 2."
    )
    assert job.requests == []


async def test_promotion_hot_swaps_and_rollback_swaps_back(
    tmp_path: Path, made: list[DialogueEngine]
) -> None:
    baseline = tmp_path / "sft-adapter"
    baseline.mkdir()
    job = FakeJob(promote=True)
    engine = await _engine(_settings(tmp_path, min_pairs=1), job, str(baseline))
    made.append(engine)
    intent = engine.intent
    assert isinstance(intent, NBestIntent)
    chat = Chat(engine, RecordingOutbound())
    await _one_pair(chat)
    job.running.clear()
    await chat.say("/retrain", user="admin")
    assert chat.out.texts[-1].startswith("🏋️ Retraining dpo-2 from base-1 on 1 pairs")
    await chat.say("/retrain", user="admin")
    assert chat.out.texts[-1].startswith("A retraining is already running")
    job.running.set()
    await _wait_for_job(engine)
    assert "⏳ step 1/1, loss 0.5" in chat.out.texts
    assert chat.out.texts[-1] == "✅ dpo-2 is now active. ISA 0.9"
    (request,) = job.requests
    assert request.start_adapter == str(baseline)  # DPO starts from the active version
    assert intent.swaps == [(Path(request.output_dir), "dpo-2")]
    store = engine.store
    active = await store.versions.active()
    assert active is not None and active.name == "dpo-2"
    assert await store.pairs.new_count() == 0  # used pairs are no longer new
    # The running engine answers with the new version, without a restart.
    await chat.say("draw a dog")
    assert intent.version == "dpo-2"

    await chat.say("/rollback", user="admin")
    assert chat.out.texts[-1] == "↩️ Rolled back from dpo-2 to base-1."
    assert intent.swaps[-1] == (baseline, "base-1")
    active = await store.versions.active()
    assert active is not None and active.name == "base-1"
    await chat.say("/rollback", user="admin")
    assert chat.out.texts[-1] == "There is no earlier version to roll back to."
    names = [v.name for v in await store.versions.all()]
    assert names == ["base-1", "dpo-2"]  # every version is kept


async def test_a_refused_candidate_is_kept_but_not_activated(
    tmp_path: Path, made: list[DialogueEngine]
) -> None:
    engine = await _engine(_settings(tmp_path, min_pairs=1), FakeJob(promote=False), None)
    made.append(engine)
    chat = Chat(engine, RecordingOutbound())
    await _one_pair(chat)
    await chat.say("/retrain", user="admin")
    await _wait_for_job(engine)
    assert chat.out.texts[-1].startswith(
        "❌ Kept base-1: dpo-2 did not pass (preference accuracy did not rise"
    )
    intent = engine.intent
    assert isinstance(intent, NBestIntent) and intent.swaps == []
    versions = {v.name: v for v in await engine.store.versions.all()}
    assert versions["dpo-2"].status == "rejected" and not versions["dpo-2"].active
    assert versions["base-1"].active


async def test_a_retrain_hands_the_job_the_start_versions_isa_from_earlier_gates(
    tmp_path: Path, made: list[DialogueEngine]
) -> None:
    def gate(current: float, candidate: float) -> dict[str, Any]:
        return {
            "fingerprint": "sets-1",
            "current": {"isa": {"test": current}, "turns": {"test": 300}, "preference": {}},
            "candidate": {"isa": {"test": candidate}, "turns": {"test": 300}, "preference": {}},
        }

    baseline = tmp_path / "sft-adapter"
    baseline.mkdir()
    job = FakeJob(promote=True, metrics={"gate": gate(0.97, 0.98)})
    engine = await _engine(_settings(tmp_path, min_pairs=1), job, str(baseline))
    made.append(engine)
    chat = Chat(engine, RecordingOutbound())
    for _ in range(3):
        await _one_pair(chat)
        await chat.say("/retrain", user="admin")
        await _wait_for_job(engine)
        if len(job.requests) == 2:
            await chat.say("/rollback", user="admin")  # dpo-3 → dpo-2
            await chat.say("/rollback", user="admin")  # dpo-2 → base-1
    first, second, third = job.requests
    assert first.known_isa == {}  # nothing has measured base-1 yet
    # dpo-2 was measured as the first gate's candidate.
    assert second.known_isa == {"sets-1": {"isa": {"test": 0.98}, "turns": {"test": 300}}}
    # base-1 was measured as the first gate's current version.
    assert third.start_adapter == str(baseline)
    assert third.known_isa == {"sets-1": {"isa": {"test": 0.97}, "turns": {"test": 300}}}


def test_judge_refuses_an_isa_drop_and_a_flat_preference_accuracy() -> None:
    current = {"isa": {"test": 0.90}, "preference": {"n": 4, "accuracy": 0.5, "margin": 0.1}}
    better = {"isa": {"test": 0.896}, "preference": {"n": 4, "accuracy": 0.75, "margin": 0.3}}
    assert judge(current, better, 0.005) == (True, [])
    worse_isa = {**better, "isa": {"test": 0.89}}
    assert judge(current, worse_isa, 0.005)[1] == ["ISA on test fell 0.900 → 0.890"]
    flat = {**better, "preference": {"n": 4, "accuracy": 0.5, "margin": 0.9}}
    assert not judge(current, flat, 0.005)[0]


def test_judge_allows_one_turn_on_a_small_set_but_not_on_all_turns_pooled() -> None:
    # The simulation's candidate: one turn fewer on TEST (300) and on natural (161).
    current = {
        "isa": {"test": 297 / 300, "natural": 150 / 161, "dev": 73 / 75},
        "turns": {"test": 300, "natural": 161, "dev": 75},
        "preference": {"n": 3, "accuracy": 0.0, "margin": -1.0},
    }
    candidate = {
        **current,
        "isa": {"test": 296 / 300, "natural": 149 / 161, "dev": 73 / 75},
        "preference": {"n": 3, "accuracy": 1 / 3, "margin": -1.7},
    }
    assert judge(current, candidate, 0.005) == (True, [])  # pooled 0.970 → 0.966

    two_natural_turns = {
        **candidate,
        "isa": {"test": 297 / 300, "natural": 148 / 161, "dev": 73 / 75},
    }
    assert judge(current, two_natural_turns, 0.005)[1] == ["ISA on natural fell 0.932 → 0.919"]

    # One turn on each set is allowed set by set, but 3 of 536 turns is 0.56 point pooled.
    each_one = {**candidate, "isa": {"test": 296 / 300, "natural": 149 / 161, "dev": 72 / 75}}
    assert judge(current, each_one, 0.005)[1] == ["ISA on all gate turns fell 0.970 → 0.965"]


def test_the_gate_refuses_a_candidate_trained_the_wrong_way(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    from training.dpo import train_dpo
    from training.dpo_config import DPOTrainConfig

    rows = make_rows(8)
    flipped = [{**r, "chosen": r["rejected"], "rejected": r["chosen"]} for r in rows]
    settings = Settings(data_dir=tmp_path)
    config = DPOTrainConfig(
        base_model=str(tiny_model_dir),
        output_dir=str(tmp_path / "worse"),
        beta=0.5,
        learning_rate=5e-2,
        epochs=3,
        threads=1,
        eval_file=None,
        natural_files=[],
    )
    train_dpo(config, flipped, settings, lambda line: None)
    report = run_gate(config, settings, None, str(tmp_path / "worse"), rows[:4], lambda line: None)
    assert not report.promote
    # Trained against the held-out preference: it orders those pairs less surely.
    assert report.candidate["preference"]["margin"] < report.current["preference"]["margin"]
    assert "preference accuracy did not rise" in report.reasons[0]


def test_the_gate_reuses_the_current_versions_isa_only_for_the_same_sets(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import training.gate
    from training.dpo import train_dpo
    from training.dpo_config import DPOTrainConfig
    from training.evaluate import evaluate_file

    scored: list[Path] = []

    def counting_evaluate_file(*args: Any, **kwargs: Any) -> Any:
        scored.append(args[1])
        return evaluate_file(*args, **kwargs)

    monkeypatch.setattr(training.gate, "evaluate_file", counting_evaluate_file)
    rows = make_rows(4)
    settings = Settings(data_dir=tmp_path)
    natural = Path(__file__).resolve().parents[2] / "training" / "data" / "natural.jsonl"
    config = DPOTrainConfig(
        base_model=str(tiny_model_dir),
        output_dir=str(tmp_path / "candidate"),
        learning_rate=1e-3,
        epochs=1,
        threads=1,
        eval_file=str(natural),
        eval_examples=2,
        natural_files=[],
    )
    train_dpo(config, rows, settings, lambda line: None)
    fresh = run_gate(config, settings, None, str(tmp_path / "candidate"), rows[:2], print)
    assert len(scored) == 2 and not fresh.current_isa_reused

    known = {"isa": {"drawnconvos-test": 0.25}, "turns": {"drawnconvos-test": 2}}
    scored.clear()
    reused = run_gate(
        config,
        settings,
        None,
        str(tmp_path / "candidate"),
        rows[:2],
        print,
        {fresh.fingerprint: known, "other-sets": {"isa": {}, "turns": {}}},
    )
    assert len(scored) == 1 and reused.current_isa_reused  # only the candidate was scored
    assert reused.current["isa"] == {"drawnconvos-test": 0.25}
    assert reused.current["preference"] == fresh.current["preference"]  # still scored
    assert reused.candidate == fresh.candidate

    # Another sample of the same file is another set: nothing is reused.
    scored.clear()
    other = run_gate(
        replace(config, eval_examples=1),
        settings,
        None,
        str(tmp_path / "candidate"),
        rows[:2],
        print,
        {fresh.fingerprint: known},
    )
    assert len(scored) == 2 and not other.current_isa_reused
    assert other.fingerprint != fresh.fingerprint
