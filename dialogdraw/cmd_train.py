"""`dialogdraw train sft`: LoRA fine-tuning of the intent model, recorded as a model version."""

from __future__ import annotations

import asyncio
import dataclasses
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from core.settings import Settings
from core.store import Store

console = Console(stderr=True)
DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "training" / "configs" / "sft-smollm2.yaml"


def register(train_app: typer.Typer) -> None:
    train_app.command("sft")(sft)


def sft(
    config: Annotated[
        Path, typer.Option(help="YAML of training.config.SFTConfig")
    ] = DEFAULT_CONFIG,
    max_examples: Annotated[int | None, typer.Option(help="at most this many turns")] = None,
    epochs: Annotated[float | None, typer.Option(help="passes over the turns")] = None,
    output_dir: Annotated[str | None, typer.Option(help="adapter folder")] = None,
    train_file: Annotated[str | None, typer.Option(help="DrawnConvos(SFT) file")] = None,
    resume: Annotated[bool, typer.Option(help="continue from the last checkpoint")] = True,
    activate: Annotated[bool, typer.Option(help="make it the active model version")] = True,
    eval_examples: Annotated[
        int | None, typer.Option(help="TEST turns evaluated after training (0: none)")
    ] = None,
) -> None:
    """Fine-tune the intent model with LoRA on DrawnConvos(SFT), evaluate, record it."""
    from training.config import SFTConfig, load_config
    from training.evaluate import evaluate_file, report_dict
    from training.sft import train_sft, write_model_card

    settings = Settings()
    cfg = load_config(
        SFTConfig,
        config,
        max_examples=max_examples,
        epochs=epochs,
        output_dir=output_dir,
        train_file=train_file,
        eval_examples=eval_examples,
    )
    if not Path(cfg.train_file).is_file():
        console.print(
            f"[red]{cfg.train_file} not found.[/red] Make it with `dialogdraw data synth`."
        )
        raise typer.Exit(2)
    result = train_sft(cfg, settings, resume=resume)
    console.print(
        f"trained {result.steps} steps on {result.examples} turns in {result.seconds / 60:.1f} min;"
        f" loss {result.first_loss} → {result.last_loss}"
    )
    metrics: dict[str, object] = {"train_loss": result.train_loss}
    if cfg.eval_examples and Path(cfg.eval_file).is_file():
        from core.intent.factory import build_intent_model

        intent = build_intent_model(settings, cfg.base_model, str(result.adapter_dir))
        report = evaluate_file(intent, Path(cfg.eval_file), cfg.eval_examples, seed=cfg.seed)
        metrics["eval"] = {"file": cfg.eval_file, **report_dict(report)}
        overall = report_dict(report)["overall"]
        console.print(f"eval on {cfg.eval_examples} turns of {cfg.eval_file}: {overall}")
    command = "dialogdraw " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    card = write_model_card(result, cfg, metrics, command)
    console.print(f"adapter and model card: {card.parent}")
    record: dict[str, object] = {"config": dataclasses.asdict(cfg)}
    adapter = str(result.adapter_dir.resolve())
    asyncio.run(_record(settings, cfg.base_model, adapter, record, metrics, activate))


async def _record(
    settings: Settings,
    base: str,
    adapter: str,
    data: dict[str, object],
    metrics: dict[str, object],
    activate: bool,
) -> None:
    from core.learning.versions import version_profile

    store = await Store.open(settings.database_path, settings.blob_dir)
    try:
        versions = await store.versions.all()
        active = await store.versions.active()
        version_id = await store.versions.add(
            f"sft-{len(versions) + 1}",
            base,
            adapter,
            data=data,
            metrics=metrics,
            parent_id=active.id if active else None,
            profile=version_profile(base, adapter).to_dict(),
        )
        if activate:
            await store.versions.activate(version_id)
        console.print(
            f"recorded as model version sft-{len(versions) + 1}" + (" (active)" if activate else "")
        )
    finally:
        await store.close()
