"""The admin side of the learning loop: /retrain, /rollback and /fix (Commands.learning).

/retrain re-derives the pairs, refuses when fewer than `min_pairs_for_retrain` are new,
exports them and hands a job to the RetrainRunner port; the job trains a candidate with
DPO and judges it with the gate. The outcome is recorded as a model version either way;
a promoted one becomes active and is swapped into the running intent model at once.
One job at a time: a second /retrain while one runs is answered, not queued.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from core.decisions import DecisionRunner
from core.learning.corrections import Corrections, FixProblem
from core.learning.export import write_pairs
from core.learning.pairs import refresh_pairs
from core.learning.ports import RetrainOutcome, RetrainRequest, RetrainRunner
from core.learning.versions import (
    ensure_active_version,
    known_gate_isa,
    record_outcome,
    rollback_target,
)
from core.messages import ConversationKey, Sender
from core.ports import IntentModel, Outbound
from core.store import ModelVersionRow, Store

log = logging.getLogger(__name__)


class LearningService:
    def __init__(
        self,
        store: Store,
        intent: IntentModel,
        decisions: DecisionRunner,
        runner: RetrainRunner,
        *,
        min_new_pairs: int,
        work_dir: Path,
        base_model: str,
        baseline_adapter: str | None,
        config_file: str | None = None,
    ) -> None:
        self.store = store
        # Swapped to a new adapter in place when a version is promoted or rolled back.
        self.intent = intent
        self.corrections = Corrections(store, decisions)
        self.runner = runner
        self.min_new_pairs = min_new_pairs
        self.work_dir = work_dir
        self.base_model = base_model
        self.baseline_adapter = baseline_adapter
        self.config_file = config_file
        self.job: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.done()

    async def command(
        self,
        name: str,
        argument: str,
        key: ConversationKey,
        sender: Sender,
        out: Outbound,
        reply_to: str | None = None,
    ) -> str:
        if name == "/fix":
            try:
                return await self.corrections.apply(key, sender, argument, reply_to, out)
            except FixProblem as problem:
                return str(problem)
        if name == "/rollback":
            return await self.rollback()
        if name == "/retrain":
            return await self.retrain(out)
        return f"I don't know the learning command {name}."

    # /retrain

    async def retrain(self, out: Outbound) -> str:
        if self.busy:
            return "A retraining is already running; I'll post its result here when it ends."
        prepared = await prepare_retrain(
            self.store,
            min_new=self.min_new_pairs,
            base_model=self.base_model,
            baseline_adapter=self.baseline_adapter,
            work_dir=self.work_dir,
            config_file=self.config_file,
        )
        if isinstance(prepared, str):
            return prepared
        request, active, pair_ids = prepared
        self.job = asyncio.create_task(self._run(request, active, pair_ids, out))
        return (
            f"🏋️ Retraining {request.version_name} from {active.name} on {len(pair_ids)} "
            "pairs. I'll report progress here."
        )

    async def _run(
        self,
        request: RetrainRequest,
        active: ModelVersionRow,
        pair_ids: list[int],
        out: Outbound,
    ) -> None:
        loop = asyncio.get_running_loop()

        def progress(line: str) -> None:
            # Called from the training thread or the child's reader: hop onto the loop.
            loop.call_soon_threadsafe(lambda: loop.create_task(out.send_text(f"⏳ {line}")))

        try:
            outcome = await self.runner.run(request, progress)
            await out.send_text(await self.record(request, active, pair_ids, outcome))
        except Exception as exc:
            log.exception("retraining %s failed", request.version_name)
            await out.send_text(f"Retraining {request.version_name} failed: {exc}")

    async def record(
        self,
        request: RetrainRequest,
        active: ModelVersionRow,
        pair_ids: list[int],
        outcome: RetrainOutcome,
    ) -> str:
        """Keep the candidate as a version; promote and hot-swap it if the gate said so."""
        store = self.store
        version_id = await record_outcome(store, request, active, pair_ids, outcome)
        if not outcome.promote:
            why = "; ".join(outcome.reasons)
            return (
                f"❌ Kept {active.name}: {request.version_name} did not pass ({why}). "
                + outcome.summary
            )
        # Swap first: if loading fails, the store still names the version that runs.
        await self.swap(outcome.adapter_dir, request.version_name)
        await store.versions.activate(version_id)
        return f"✅ {request.version_name} is now active. {outcome.summary}"

    # /rollback

    async def rollback(self) -> str:
        store = self.store
        active = await store.versions.active()
        target = await rollback_target(store)
        if active is None or target is None:
            return "There is no earlier version to roll back to."
        await self.swap(target.adapter_path, target.name)
        await store.versions.activate(target.id)
        return f"↩️ Rolled back from {active.name} to {target.name}."

    async def swap(self, adapter_path: str | None, version: str) -> None:
        """Load the adapter into the running intent model (it keeps serving until then)."""
        use_adapter = getattr(self.intent, "use_adapter", None)
        if use_adapter is None:
            log.warning(
                "the intent model cannot swap adapters; %s takes effect on restart", version
            )
            return
        path = Path(adapter_path) if adapter_path else None
        await asyncio.to_thread(use_adapter, path, version)


Prepared = tuple[RetrainRequest, ModelVersionRow, list[int]]


async def prepare_retrain(
    store: Store,
    *,
    min_new: int,
    base_model: str,
    baseline_adapter: str | None,
    work_dir: Path,
    config_file: str | None,
) -> Prepared | str:
    """Re-derive and export the pairs and name the job; a refusal text when too few are new."""
    pairs = await refresh_pairs(store)
    new = await store.pairs.new_count()
    if new < min_new:
        return (
            f"Not retraining yet: {new} new preference pairs (of {len(pairs)}), "
            f"I need at least {min_new}."
        )
    active = await ensure_active_version(store, base_model, baseline_adapter)
    name = f"dpo-{len(await store.versions.all()) + 1}"
    rows = await store.pairs.all()
    pairs_file = work_dir / name / "pairs.jsonl"
    await asyncio.to_thread(write_pairs, pairs_file, rows)
    request = RetrainRequest(
        pairs_file=str(pairs_file),
        base_model=active.base,
        start_adapter=active.adapter_path,
        output_dir=str(work_dir / name / "adapter"),
        version_name=name,
        config_file=config_file,
        known_isa=await known_gate_isa(store, active),
    )
    return request, active, [r.id for r in rows]
