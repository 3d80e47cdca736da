"""The learning loop on the command line and in the running bot.

`dialogdraw data pairs` exports the chat pairs; `dialogdraw train dpo` runs the same job
as /retrain (DPO + gate) and records the version; `dialogdraw train dpo-job` is the child
process that /retrain starts (ProcessRetrainRunner).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from core.settings import Settings
from core.store import Store

if TYPE_CHECKING:
    from core.decisions import DecisionRunner
    from core.learning.service import LearningService
    from core.ports import IntentModel

console = Console(stderr=True)
DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "training" / "configs" / "dpo-smollm2.yaml"


def register(app: typer.Typer, data_app: typer.Typer, train_app: typer.Typer) -> None:
    data_app.command("pairs")(pairs)
    train_app.command("dpo")(dpo)
    train_app.command("dpo-job", hidden=True)(dpo_job)


def baseline_adapter(settings: Settings) -> str | None:
    """The adapter the bot runs when no model version is recorded yet."""
    from core.intent.factory import resolve_adapter

    folder = resolve_adapter(settings.intent_adapter)
    return str(folder.resolve()) if folder else None


def retrain_job_command() -> list[str]:
    """The child process /retrain starts: this CLI's `train dpo-job`, in this Python."""
    return [sys.executable, "-c", "from dialogdraw.cli import main; main()", "train", "dpo-job"]


def build_learning(
    settings: Settings, store: Store, intent: IntentModel, decisions: DecisionRunner
) -> LearningService:
    """The learning loop of the admin commands, training in a child process."""
    from core.learning.runners import ProcessRetrainRunner
    from core.learning.service import LearningService

    return LearningService(
        store,
        intent,
        decisions,
        ProcessRetrainRunner(retrain_job_command()),
        min_new_pairs=settings.min_pairs_for_retrain,
        work_dir=settings.data_dir / "learning",
        base_model=settings.intent_model,
        baseline_adapter=baseline_adapter(settings),
        config_file=str(DEFAULT_CONFIG) if DEFAULT_CONFIG.is_file() else None,
    )


def pairs(
    out: Annotated[Path, typer.Option("--out", help="JSONL file to write")] = Path("pairs.jsonl"),
) -> None:
    """Export the preference pairs from chat as trl conversational preference rows."""
    from core.learning.export import write_pairs
    from core.learning.pairs import refresh_pairs

    async def main() -> int:
        settings = Settings()
        store = await Store.open(settings.database_path, settings.blob_dir)
        try:
            await refresh_pairs(store)
            return await asyncio.to_thread(write_pairs, out, await store.pairs.all())
        finally:
            await store.close()

    console.print(f"wrote {asyncio.run(main())} pairs to {out}")


def dpo(
    config: Annotated[Path, typer.Option(help="YAML of DPOTrainConfig")] = DEFAULT_CONFIG,
    force: Annotated[bool, typer.Option(help="train even with too few new pairs")] = False,
) -> None:
    """DPO on the chat pairs from the active version, gate it, record it (and promote)."""
    from core.learning.service import prepare_retrain
    from core.learning.versions import record_outcome
    from training.retrain import run_retrain

    settings = Settings()

    async def main() -> None:
        store = await Store.open(settings.database_path, settings.blob_dir)
        try:
            prepared = await prepare_retrain(
                store,
                min_new=0 if force else settings.min_pairs_for_retrain,
                base_model=settings.intent_model,
                baseline_adapter=baseline_adapter(settings),
                work_dir=settings.data_dir / "learning",
                config_file=str(config),
            )
            if isinstance(prepared, str):
                console.print(prepared)
                raise typer.Exit(1)
            request, active, pair_ids = prepared
            outcome = await asyncio.to_thread(run_retrain, request, console.print, settings)
            version_id = await record_outcome(store, request, active, pair_ids, outcome)
            if outcome.promote:
                await store.versions.activate(version_id)
                console.print(f"{request.version_name} promoted (active). {outcome.summary}")
            else:
                console.print(f"{request.version_name} kept, not promoted: {outcome.reasons}")
                console.print(outcome.summary)
        finally:
            await store.close()

    asyncio.run(main())


def dpo_job(request_file: Path, outcome_file: Path) -> None:
    """Run one retraining request (JSON) and write its outcome (JSON); for /retrain."""
    from core.learning.ports import RetrainRequest
    from core.learning.runners import PROGRESS_PREFIX
    from training.retrain import run_retrain

    request = RetrainRequest(**json.loads(request_file.read_text(encoding="utf-8")))

    def progress(line: str) -> None:
        print(PROGRESS_PREFIX + line, flush=True)

    outcome = run_retrain(request, progress)
    outcome_file.write_text(json.dumps(outcome.to_dict()), encoding="utf-8")
