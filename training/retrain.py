"""The retraining job behind /retrain and `dialogdraw train dpo`: DPO, then the gate.

Takes a RetrainRequest (paths only) and returns a RetrainOutcome, so it runs the same in
a thread, in a child process (`dialogdraw train dpo-job`) or on a Celery `train` worker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.learning.export import is_held_out
from core.learning.ports import ProgressLine, RetrainOutcome, RetrainRequest
from core.settings import Settings
from training.config import load_config
from training.dpo import train_dpo
from training.dpo_config import DPOTrainConfig
from training.gate import run_gate
from training.offline_pairs import offline_rows


def read_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_held_out(
    rows: list[dict[str, Any]], share: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, held out) by the stable id split; at least one pair is held out."""
    held = [r for r in rows if is_held_out(str(r["id"]), share)]
    if not held and len(rows) > 1:
        held = [min(rows, key=lambda r: str(r["id"]))]
    held_ids = {r["id"] for r in held}
    return [r for r in rows if r["id"] not in held_ids], held


def offline_pairs(config: DPOTrainConfig) -> list[dict[str, Any]]:
    if config.offline_pairs <= 0 or not config.offline_file:
        return []
    path = Path(config.offline_file)
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} not found: make DrawnConvos with `dialogdraw data synth`, "
            "or set offline_pairs: 0"
        )
    return offline_rows(
        path, config.offline_dialogues, config.offline_pairs, config.offline_weight, config.seed
    )


def run_retrain(
    request: RetrainRequest, progress: ProgressLine, settings: Settings | None = None
) -> RetrainOutcome:
    settings = settings or Settings()
    config = load_config(
        DPOTrainConfig,
        Path(request.config_file) if request.config_file else None,
        base_model=request.base_model,
        start_adapter=request.start_adapter,
        pairs_file=request.pairs_file,
        output_dir=request.output_dir,
    )
    train, held = split_held_out(read_rows(Path(config.pairs_file)), config.held_out_share)
    offline = offline_pairs(config)
    progress(
        f"training on {len(train)} chat pairs ({len(held)} held out for the gate)"
        + (f" and {len(offline)} offline DrawnConvos(HF) pairs" if offline else "")
    )
    result = train_dpo(config, train + offline, settings, progress)
    progress(
        f"trained {result.steps} steps in {result.seconds:.0f} s; "
        f"training-pair accuracy {result.before['accuracy']:.2f} → {result.after['accuracy']:.2f}"
    )
    report = run_gate(
        config,
        settings,
        config.start_adapter,
        str(result.adapter_dir),
        held,
        progress,
        request.known_isa,
    )
    metrics = {
        "train": {
            "pairs": result.pairs,
            "steps": result.steps,
            "loss": result.train_loss,
            "before": result.before,
            "after": result.after,
            "seconds": round(result.seconds, 1),
        },
        "gate": {
            "fingerprint": report.fingerprint,
            "current_isa_reused": report.current_isa_reused,
            "current": report.current,
            "candidate": report.candidate,
        },
    }
    return RetrainOutcome(
        adapter_dir=str(result.adapter_dir.resolve()),
        promote=report.promote,
        reasons=report.reasons,
        metrics=metrics,
        summary=report.summary(),
    )
